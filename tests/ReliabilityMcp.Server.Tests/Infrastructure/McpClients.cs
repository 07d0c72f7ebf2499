using ModelContextProtocol.Client;

namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>Creates the SDK's real MCP clients against the servers under test.</summary>
internal static class McpClients
{
    /// <summary>The last revision with the initialize handshake, ping and logging/setLevel (what today's clients speak).</summary>
    public const string November2025 = "2025-11-25";

    /// <summary>Connects over Streamable HTTP, optionally with a bearer token; <paramref name="protocolVersion"/> null lets the SDK negotiate (it prefers 2026-07-28).</summary>
    public static Task<McpClient> ConnectHttpAsync(Uri endpoint, string? token, string? protocolVersion, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = token is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });
        return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: cancellationToken);
    }

    /// <summary>Launches the built server with <c>--stdio</c> and connects to it.</summary>
    public static Task<McpClient> ConnectStdioAsync(
        string? protocolVersion, Action<string>? standardError, CancellationToken cancellationToken, IDictionary<string, string?>? environment = null)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "reliabilitymcp-stdio",
            Command = "dotnet",
            Arguments = [ServerBinary.DllPath, "--stdio"],
            WorkingDirectory = Path.GetTempPath(),
            StandardErrorLines = standardError,
            // The assembly's store unless the test gives its own environment (e.g. the embedded-store test).
            EnvironmentVariables = environment ?? new Dictionary<string, string?> { ["ConnectionStrings__store"] = TestStore.ConnectionString },
        });
        return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: cancellationToken);
    }
}
