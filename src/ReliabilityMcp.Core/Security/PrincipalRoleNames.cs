namespace ReliabilityMcp.Core.Security;

/// <summary>Wire and configuration names of <see cref="PrincipalRole"/> values: <c>agent</c>, <c>approver</c>, <c>admin</c>, <c>telemetry</c>.</summary>
public static class PrincipalRoleNames
{
    /// <summary>Name of <see cref="PrincipalRole.Agent"/>.</summary>
    public const string Agent = "agent";

    /// <summary>Name of <see cref="PrincipalRole.Approver"/>.</summary>
    public const string Approver = "approver";

    /// <summary>Name of <see cref="PrincipalRole.Admin"/>.</summary>
    public const string Admin = "admin";

    /// <summary>Name of <see cref="PrincipalRole.Telemetry"/>.</summary>
    public const string Telemetry = "telemetry";

    /// <summary>The lowercase name of <paramref name="role"/>.</summary>
    public static string ToName(PrincipalRole role) => role switch
    {
        PrincipalRole.Agent => Agent,
        PrincipalRole.Approver => Approver,
        PrincipalRole.Admin => Admin,
        PrincipalRole.Telemetry => Telemetry,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };

    /// <summary>Parses a role name (case-insensitive). Unknown names are rejected, never mapped to a default.</summary>
    public static bool TryParse(string? name, out PrincipalRole role)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case Agent:
                role = PrincipalRole.Agent;
                return true;
            case Approver:
                role = PrincipalRole.Approver;
                return true;
            case Admin:
                role = PrincipalRole.Admin;
                return true;
            case Telemetry:
                role = PrincipalRole.Telemetry;
                return true;
            default:
                role = default;
                return false;
        }
    }
}
