namespace ReliabilityMcp.Server.Security;

/// <summary>Names used by the bearer-token scheme.</summary>
internal static class BearerTokenDefaults
{
    /// <summary>The authentication scheme (and <c>WWW-Authenticate</c> challenge) name.</summary>
    public const string Scheme = "Bearer";

    /// <summary>The authentication type of an anonymous loopback caller.</summary>
    public const string AnonymousLoopbackType = "AnonymousLoopback";

    /// <summary>The realm announced in challenges.</summary>
    public const string Realm = "ReliabilityMcp";
}
