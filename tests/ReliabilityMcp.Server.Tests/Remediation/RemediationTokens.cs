using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>Principals for remediation tests: one agent per operating mode, two approvers, an admin without the approver role.</summary>
internal static class RemediationTokens
{
    public const string Autonomous = "agent-auto";
    public const string AutonomousToken = "auto-4b1e9c2d7a3f48e6b5c0";
    public const string Approval = "agent-appr";
    public const string ApprovalToken = "appr-8e2d4c6a1b9f47d3a2e5";
    public const string Advisory = "agent-adv";
    public const string AdvisoryToken = "adv-1c7e3a9d5b2f46e8c4a1";
    public const string Explorer = "agent-explore";
    public const string ExplorerToken = "explore-6d2a8f4c1e7b49a3d0b9";
    public const string SecondApprover = "approver-dan";
    public const string SecondApproverToken = "dan-9a5c1e7b3d2f48a6e1c4";

    /// <summary>The <c>Auth:Tokens</c> configuration.</summary>
    public static Dictionary<string, string?> Configuration()
    {
        var tokens = new (string Principal, string Token, string[] Roles)[]
        {
            (Autonomous, AutonomousToken, [PrincipalRoleNames.Agent]),
            (Approval, ApprovalToken, [PrincipalRoleNames.Agent]),
            (Advisory, AdvisoryToken, [PrincipalRoleNames.Agent]),
            (Explorer, ExplorerToken, [PrincipalRoleNames.Agent]),
            (TestTokens.ApproverPrincipal, TestTokens.ApproverToken, [PrincipalRoleNames.Approver, PrincipalRoleNames.Agent]),
            (SecondApprover, SecondApproverToken, [PrincipalRoleNames.Approver]),
            (TestTokens.AdminPrincipal, TestTokens.AdminToken, [PrincipalRoleNames.Admin]),
        };
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < tokens.Length; i++)
        {
            settings[$"Auth:Tokens:{i}:Principal"] = tokens[i].Principal;
            settings[$"Auth:Tokens:{i}:Sha256"] = BearerTokenHash.ComputeHex(tokens[i].Token);
            for (var r = 0; r < tokens[i].Roles.Length; r++)
            {
                settings[$"Auth:Tokens:{i}:Roles:{r}"] = tokens[i].Roles[r];
            }
        }

        return settings;
    }
}
