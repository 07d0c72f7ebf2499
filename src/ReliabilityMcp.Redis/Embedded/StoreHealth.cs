using System.Globalization;
using System.Net.Sockets;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// Readiness of a store named by a connection string (<c>host:port,password=...</c>), for orchestrators
/// that gate dependants on it without holding a client.
/// </summary>
public static class StoreHealth
{
    /// <summary>
    /// Whether the store answers PING after AUTH with the connection string's password. With a
    /// <c>user=</c> (ACL) the probe can only check that the port accepts connections.
    /// </summary>
    public static async Task<bool> PingAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (host, port, password, user) = Parse(connectionString);
        if (user is null)
        {
            return await StoreProbe.PingAsync(host, port, password, timeout, cancellationToken).ConfigureAwait(false);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The <c>host:port</c> part of a connection string: safe to print, unlike the whole string.</summary>
    public static string Describe(string connectionString)
    {
        var (host, port, _, _) = Parse(connectionString);
        return $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static (string Host, int Port, string? Password, string? User) Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string? password = null;
        string? user = null;
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = part[..eq].Trim();
            var value = part[(eq + 1)..];
            if (key.Equals("password", StringComparison.OrdinalIgnoreCase))
            {
                password = value;
            }
            else if (key.Equals("user", StringComparison.OrdinalIgnoreCase))
            {
                user = value;
            }
        }

        var endpoint = parts.Length > 0 ? parts[0] : string.Empty;
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException("A store connection string starts with host:port, e.g. 127.0.0.1:6379,password=...");
        }

        return (endpoint[..colon].Trim('[', ']'), port, password, user);
    }
}
