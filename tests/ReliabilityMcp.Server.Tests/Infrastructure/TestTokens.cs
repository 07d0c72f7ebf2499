using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>Bearer tokens configured on <see cref="TokenServerFixture"/>; the server only ever sees their hashes.</summary>
internal static class TestTokens
{
    public const string AgentPrincipal = "agent-alice";
    public const string AgentToken = "alice-7c1d0e5b4f2a48d99b3c";
    public const string ApproverPrincipal = "approver-bob";
    public const string ApproverToken = "bob-3f9a2c7e1d5b4a86a0e1";
    public const string AdminPrincipal = "admin-carol";
    public const string AdminToken = "carol-5e2b8d1a7c4f49e0b6d2";

    /// <summary>An agent that <see cref="IsolatedServerFixture"/> configures in explore mode (read-only, audited).</summary>
    public const string ExplorerPrincipal = "explorer-eve";
    public const string ExplorerToken = "eve-9b4e6a2d8f1c47a3c5e7";

    /// <summary>The <c>Auth:Tokens</c> configuration for the principals above.</summary>
    public static Dictionary<string, string?> Configuration() => new()
    {
        ["Auth:Tokens:0:Principal"] = AgentPrincipal,
        ["Auth:Tokens:0:Sha256"] = BearerTokenHash.ComputeHex(AgentToken),
        ["Auth:Tokens:0:Roles:0"] = PrincipalRoleNames.Agent,
        ["Auth:Tokens:1:Principal"] = ApproverPrincipal,
        ["Auth:Tokens:1:Sha256"] = BearerTokenHash.ComputeHex(ApproverToken),
        ["Auth:Tokens:1:Roles:0"] = PrincipalRoleNames.Approver,
        ["Auth:Tokens:1:Roles:1"] = PrincipalRoleNames.Agent,
        ["Auth:Tokens:2:Principal"] = AdminPrincipal,
        ["Auth:Tokens:2:Sha256"] = BearerTokenHash.ComputeHex(AdminToken),
        ["Auth:Tokens:2:Roles:0"] = PrincipalRoleNames.Admin,
        ["Auth:Tokens:3:Principal"] = ExplorerPrincipal,
        ["Auth:Tokens:3:Sha256"] = BearerTokenHash.ComputeHex(ExplorerToken),
        ["Auth:Tokens:3:Roles:0"] = PrincipalRoleNames.Agent,
    };
}
