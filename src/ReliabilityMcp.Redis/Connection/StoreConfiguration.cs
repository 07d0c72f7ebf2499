using System.Globalization;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Connection;

/// <summary>
/// Reads the <c>ConnectionStrings:store</c> value: anything a StackExchange.Redis connection string accepts
/// (several endpoints, <c>ssl=true</c>, <c>sslHost</c>, <c>syncTimeout</c>, ...), plus the keys this project has
/// always taken: <c>password</c>, <c>user</c>, <c>defaultDatabase</c>, <c>connectTimeout</c>,
/// <c>commandTimeout</c> (milliseconds a command may wait for its reply), <c>protocol</c> (2 or 3) and <c>name</c>.
/// </summary>
/// <remarks>
/// Defaults differ from the library's where the stores rely on it: RESP3 unless <c>protocol</c> says otherwise,
/// <c>abortConnect=false</c> (the host starts while the store is down and connects when it comes up), and commands
/// sent while the store is unreachable fail at once (<see cref="BacklogPolicy.FailFast"/>) instead of queuing: a
/// guard decision fails closed, it never waits for the store to come back. <c>allowAdmin</c> is on (INFO).
/// </remarks>
public static class StoreConfiguration
{
    /// <summary>Parses <paramref name="connectionString"/>.</summary>
    /// <exception cref="FormatException">The value is empty, names no endpoint, or has an unknown or invalid option.</exception>
    public static ConfigurationOptions Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The store connection string is empty; expected 'host:port,password=...'.");
        }

        var parts = new List<string>();
        var protocol = RedisProtocol.Resp3;
        var abortConnect = false;
        var optionsStarted = false;
        foreach (var part in connectionString.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0)
            {
                throw new FormatException("The store connection string has an empty part (two commas in a row, or a trailing comma).");
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 && optionsStarted)
            {
                // The part itself is not echoed: it may be the tail of a password that contained a comma.
                throw new FormatException(
                    "The store connection string has an endpoint after an option: endpoints come first, and a password cannot contain a comma.");
            }

            optionsStarted |= equals >= 0;
            var key = equals < 0 ? string.Empty : part[..equals].Trim();
            var value = equals < 0 ? string.Empty : part[(equals + 1)..].Trim();
            switch (key.ToUpperInvariant())
            {
                case "COMMANDTIMEOUT":
                    var milliseconds = ParseNumber(key, value, 1);
                    parts.Add($"syncTimeout={milliseconds}");
                    parts.Add($"asyncTimeout={milliseconds}");
                    break;
                case "PROTOCOL":
                    protocol = value.ToUpperInvariant() switch
                    {
                        "2" or "RESP2" => RedisProtocol.Resp2,
                        "3" or "RESP3" => RedisProtocol.Resp3,
                        _ => throw new FormatException($"The store connection string option 'protocol' must be 2 or 3, not '{value}'."),
                    };
                    break;
                case "ABORTCONNECT":
                    abortConnect = bool.TryParse(value, out var abort) ? abort
                        : throw new FormatException($"The store connection string option 'abortConnect' must be true or false, not '{value}'.");
                    break;
                case "CONNECTTIMEOUT":
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"{key}={ParseNumber(key, value, 1)}"));
                    break;
                case "DEFAULTDATABASE":
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"{key}={ParseNumber(key, value, 0)}"));
                    break;
                default:
                    parts.Add(part);
                    break;
            }
        }

        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(string.Join(',', parts), ignoreUnknown: false);
        }
        catch (ArgumentException e)
        {
            // The library's message names the bad keyword, never a value (a password stays out of it).
            throw new FormatException($"The store connection string is not valid: {e.Message}", e);
        }

        if (options.EndPoints.Count == 0)
        {
            throw new FormatException("The store connection string names no endpoint; expected 'host:port,password=...'.");
        }

        options.SetDefaultPorts();
        options.Protocol = protocol;
        options.AbortOnConnectFail = abortConnect;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // INFO (the script-atomicity probe, VINFO's server kind) is an admin command to the library; the
        // multiplexer is the server's own, never handed to callers outside the stores.
        options.AllowAdmin = true;
        return options;
    }

    /// <summary>The endpoints of <paramref name="options"/> as <c>host:port</c>, comma-separated (no credentials).</summary>
    public static string Describe(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Join(',', options.EndPoints.Select(Format));
    }

    internal static string Format(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => string.Create(CultureInfo.InvariantCulture, $"{dns.Host}:{dns.Port}"),
        System.Net.IPEndPoint { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip =>
            string.Create(CultureInfo.InvariantCulture, $"[{ip.Address}]:{ip.Port}"),
        System.Net.IPEndPoint ip => string.Create(CultureInfo.InvariantCulture, $"{ip.Address}:{ip.Port}"),
        _ => endPoint.ToString() ?? string.Empty,
    };

    private static int ParseNumber(string key, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new FormatException($"The store connection string option '{key}' must be a whole number of at least {minimum}, not '{value}'.");
}
