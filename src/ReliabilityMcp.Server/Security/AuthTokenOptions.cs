namespace ReliabilityMcp.Server.Security;

/// <summary>One accepted bearer token (<c>Auth:Tokens:N</c>).</summary>
public sealed class AuthTokenOptions
{
    /// <summary>The principal the token authenticates, as it appears in audit entries and approvals.</summary>
    public string Principal { get; set; } = "";

    /// <summary>64 hex characters: SHA-256 of the token's UTF-8 bytes (<c>ReliabilityMcp.Server hash-token &lt;token&gt;</c>).</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Roles: <c>agent</c>, <c>approver</c>, <c>admin</c>.</summary>
    public List<string> Roles { get; set; } = [];
}
