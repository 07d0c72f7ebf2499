using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// The caller over stdio. The MCP client (Claude Desktop, an IDE) launched this process as the logged-in OS user,
/// so the person at the keyboard is the principal: named after the OS account, with the roles agent (the model
/// acts through the client) and approver (the human can confirm approvals, which over stdio happens through MCP
/// elicitation the model cannot answer). Nothing on the wire can change this identity.
/// </summary>
internal static class LocalUserPrincipal
{
    /// <summary>The authentication type recorded on the claims identity.</summary>
    public const string AuthenticationType = "LocalUser";

    /// <summary>The principal of the current OS user.</summary>
    public static Principal Create() => new(
        Environment.UserName,
        new HashSet<PrincipalRole> { PrincipalRole.Agent, PrincipalRole.Approver });
}
