namespace ReliabilityMcp.Server.Security;

/// <summary>Bearer-token authentication for Streamable HTTP (configuration section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Auth";

    /// <summary>
    /// The accepted tokens, each stored as a SHA-256 hash and mapped to a principal and roles.
    /// </summary>
    /// <value>
    /// Default: none. With no tokens the HTTP endpoint accepts unauthenticated callers only over loopback, as the
    /// principal <c>anonymous</c> with the role <c>agent</c>; the server refuses to start on a non-loopback address.
    /// </value>
    public List<AuthTokenOptions> Tokens { get; set; } = [];
}
