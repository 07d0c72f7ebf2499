namespace ReliabilityMcp.Server.Http;

/// <summary>Header names and protocol revisions of the Streamable HTTP transport.</summary>
internal static class McpHttpHeaders
{
    /// <summary>The negotiated protocol revision, sent by clients after initialization.</summary>
    public const string ProtocolVersion = "MCP-Protocol-Version";

    /// <summary>2026-07-28 (SEP-2243): mirrors the JSON-RPC method of the body.</summary>
    public const string Method = "Mcp-Method";

    /// <summary>2026-07-28 (SEP-2243): mirrors <c>params.name</c> (tools/call, prompts/get) or <c>params.uri</c> (resources/read).</summary>
    public const string Name = "Mcp-Name";

    /// <summary>The first revision that requires <see cref="Method"/> and <see cref="Name"/>.</summary>
    public const string FirstStandardHeadersRevision = "2026-07-28";

    /// <summary>
    /// Revisions this server accepts; the same set as ModelContextProtocol.Core 2.3.1 serves
    /// (its McpProtocolVersions is internal; a test keeps the two in step).
    /// </summary>
    public static IReadOnlySet<string> SupportedProtocolVersions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "2024-11-05",
        "2025-03-26",
        "2025-06-18",
        "2025-11-25",
        "2026-07-28",
    };

    /// <summary>Whether <paramref name="protocolVersion"/> requires the standard request headers.</summary>
    public static bool RequiresStandardHeaders(string protocolVersion)
        => string.CompareOrdinal(protocolVersion, FirstStandardHeadersRevision) >= 0;
}
