using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// Readiness of a store named by a connection string (<c>host:port,password=...</c>), for orchestrators
/// that gate dependants on it without holding a client.
/// </summary>
public static class StoreHealth
{
    /// <summary>Whether the store completes the handshake (AUTH with the string's user and password) and answers PING.</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public static Task<bool> PingAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken) =>
        StoreProbe.PingAsync(StoreConfiguration.Parse(connectionString), timeout, cancellationToken);

    /// <summary>The <c>host:port</c> endpoints of a connection string: safe to print, unlike the whole string.</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public static string Describe(string connectionString) => StoreConfiguration.Describe(StoreConfiguration.Parse(connectionString));
}
