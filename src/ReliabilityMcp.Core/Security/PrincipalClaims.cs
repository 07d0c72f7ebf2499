using System.Security.Claims;

namespace ReliabilityMcp.Core.Security;

/// <summary>
/// Maps a <see cref="Principal"/> to and from the <see cref="ClaimsPrincipal"/> that travels with each MCP message
/// (<c>JsonRpcMessageContext.User</c>), which is how the SDK hands the caller to tool methods.
/// </summary>
public static class PrincipalClaims
{
    /// <summary>Claim type of the principal name.</summary>
    public const string NameClaimType = ClaimTypes.Name;

    /// <summary>Claim type of each role (its lowercase name).</summary>
    public const string RoleClaimType = ClaimTypes.Role;

    /// <summary>Builds an authenticated claims principal.</summary>
    /// <param name="principal">The caller.</param>
    /// <param name="authenticationType">How the caller was authenticated (e.g. <c>Bearer</c>, <c>LocalUser</c>).</param>
    public static ClaimsPrincipal ToClaimsPrincipal(Principal principal, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentException.ThrowIfNullOrWhiteSpace(authenticationType);
        var claims = new List<Claim>
        {
            new(NameClaimType, principal.Name),
            new(ClaimTypes.NameIdentifier, principal.Name),
        };
        claims.AddRange(principal.Roles.Order().Select(role => new Claim(RoleClaimType, PrincipalRoleNames.ToName(role))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, NameClaimType, RoleClaimType));
    }

    /// <summary>
    /// The <see cref="Principal"/> of an authenticated claims principal, or <see langword="null"/> when there is no
    /// authenticated caller. Unknown role claims are ignored rather than guessed.
    /// </summary>
    public static Principal? FromClaimsPrincipal(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity || string.IsNullOrWhiteSpace(identity.Name))
        {
            return null;
        }

        var roles = new HashSet<PrincipalRole>();
        foreach (var claim in user.FindAll(RoleClaimType))
        {
            if (PrincipalRoleNames.TryParse(claim.Value, out var role))
            {
                roles.Add(role);
            }
        }

        return new Principal(identity.Name, roles);
    }
}
