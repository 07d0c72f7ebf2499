using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// The caller of an HTTP server with no tokens configured, which is only reachable over loopback: a process of
/// some local user. It may use tools as an agent and can never approve.
/// </summary>
internal static class AnonymousPrincipal
{
    /// <summary>The principal name.</summary>
    public const string Name = "anonymous";

    /// <summary>The principal.</summary>
    public static Principal Instance { get; } = new(Name, new HashSet<PrincipalRole> { PrincipalRole.Agent });
}
