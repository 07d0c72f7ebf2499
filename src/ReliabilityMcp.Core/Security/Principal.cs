namespace ReliabilityMcp.Core.Security;

/// <summary>An authenticated caller: a bearer token's owner over HTTP, or the local OS user over stdio.</summary>
/// <param name="Name">Stable principal name used in audit entries and approvals.</param>
/// <param name="Roles">Roles granted to the principal.</param>
public sealed record Principal(string Name, IReadOnlySet<PrincipalRole> Roles)
{
    /// <summary>Whether the principal holds <paramref name="role"/>.</summary>
    public bool IsInRole(PrincipalRole role) => Roles.Contains(role);
}
