using System.Globalization;
using System.Text;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// Where the store is and how to talk to it. Parsed from the <c>ConnectionStrings:store</c> format
/// <c>host:port,password=...,user=...,defaultDatabase=0,connectTimeout=5000,commandTimeout=5000,protocol=3</c>.
/// </summary>
public sealed class StoreConnectionOptions
{
    private static readonly string[] KnownKeys =
        ["password", "user", "defaultDatabase", "connectTimeout", "commandTimeout", "protocol", "name", "abortConnect"];

    /// <summary>Host name or IP address.</summary>
    /// <value>Default <c>127.0.0.1</c>.</value>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port.</summary>
    /// <value>Default 6379.</value>
    public int Port { get; set; } = 6379;

    /// <summary>ACL user name; <see langword="null"/> authenticates as <c>default</c> when a password is set.</summary>
    public string? User { get; set; }

    /// <summary>Password; <see langword="null"/> for none. Never written to logs or <see cref="ToString"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Database selected after connecting (and again after every reconnect).</summary>
    /// <value>Default 0.</value>
    public int DefaultDatabase { get; set; }

    /// <summary>Time allowed for TCP connect plus handshake.</summary>
    /// <value>Default 5 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time a command may wait for its reply before its caller gets a <see cref="TimeoutException"/>.</summary>
    /// <value>Default 5 seconds.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>RESP protocol version to ask for: 3 (<c>HELLO 3</c>, falling back to 2 when refused) or 2.</summary>
    /// <value>Default 3.</value>
    public int Protocol { get; set; } = 3;

    /// <summary>Connection name shown by <c>CLIENT LIST</c>; <see langword="null"/> sets none.</summary>
    public string? ClientName { get; set; }

    /// <summary>Whether a dropped connection is re-established in the background.</summary>
    /// <value>Default <see langword="true"/>; one-shot probes turn it off.</value>
    public bool AutoReconnect { get; set; } = true;

    /// <summary>First delay between reconnect attempts; doubles (with jitter) up to <see cref="ReconnectMaxDelay"/>.</summary>
    /// <value>Default 100 milliseconds.</value>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between reconnect attempts.</summary>
    /// <value>Default 5 seconds.</value>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest string in a reply, in bytes.</summary>
    /// <value>Default 512 MiB (Redis's own limit).</value>
    public long MaxBulkLength { get; set; } = RespParserLimits.Default.MaxBulkLength;

    /// <summary>Most values in one reply array, set, push or map (keys and values both count).</summary>
    /// <value>Default 16,777,216.</value>
    public int MaxAggregateLength { get; set; } = RespParserLimits.Default.MaxAggregateLength;

    /// <summary>Deepest nesting of reply aggregates (1 to 1024).</summary>
    /// <value>Default 64.</value>
    public int MaxNestingDepth { get; set; } = RespParserLimits.Default.MaxDepth;

    /// <summary>Largest whole reply, in bytes.</summary>
    /// <value>Default 1 GiB.</value>
    public long MaxReplyBytes { get; set; } = RespParserLimits.Default.MaxReplyBytes;

    /// <summary><c>host:port</c> as used in messages (IPv6 in brackets).</summary>
    public string EndPoint => Host.Contains(':', StringComparison.Ordinal)
        ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
        : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    internal RespParserLimits ParserLimits =>
        new(MaxBulkLength, MaxAggregateLength, MaxNestingDepth, RespParserLimits.Default.MaxLineLength, MaxReplyBytes);

    /// <summary>
    /// Parses a connection string: one endpoint (<c>host</c>, <c>host:port</c>, <c>[::1]:port</c>) followed by
    /// comma-separated <c>key=value</c> options: <c>password</c>, <c>user</c>, <c>defaultDatabase</c>,
    /// <c>connectTimeout</c> and <c>commandTimeout</c> (milliseconds), <c>protocol</c> (2 or 3), <c>name</c>.
    /// Keys are case-insensitive; <c>abortConnect</c> is accepted and ignored (connecting is always lazy).
    /// A password cannot contain a comma.
    /// </summary>
    /// <exception cref="FormatException">The string is malformed; the message says which part and why (never echoing the password).</exception>
    public static StoreConnectionOptions Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The store connection string is empty; expected 'host:port,password=...'.");
        }

        var options = new StoreConnectionOptions();
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries);
        ParseEndPoint(parts[0], options);
        for (var index = 1; index < parts.Length; index++)
        {
            var part = parts[index];
            if (part.Length == 0)
            {
                throw new FormatException("The store connection string has an empty part (two commas in a row, or a trailing comma).");
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The part itself is not echoed: it may be the tail of a password that contained a comma.
                throw new FormatException(
                    $"Part {index + 1} of the store connection string is not 'key=value' (only one endpoint is supported, and a password cannot contain a comma).");
            }

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            switch (key.ToUpperInvariant())
            {
                case "PASSWORD":
                    options.Password = value.Length == 0 ? null : value;
                    break;
                case "USER":
                    options.User = value.Length == 0 ? null : value;
                    break;
                case "DEFAULTDATABASE":
                    options.DefaultDatabase = ParseInt(key, value, 0, 1_000_000);
                    break;
                case "CONNECTTIMEOUT":
                    options.ConnectTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value, 1, int.MaxValue));
                    break;
                case "COMMANDTIMEOUT":
                    options.CommandTimeout = TimeSpan.FromMilliseconds(ParseInt(key, value, 1, int.MaxValue));
                    break;
                case "PROTOCOL":
                    options.Protocol = value switch
                    {
                        "2" or "resp2" or "RESP2" => 2,
                        "3" or "resp3" or "RESP3" => 3,
                        _ => throw new FormatException($"The store connection string option 'protocol' must be 2 or 3, not '{value}'."),
                    };
                    break;
                case "NAME":
                    options.ClientName = value.Length == 0 ? null : value;
                    break;
                case "ABORTCONNECT":
                    break;
                default:
                    throw new FormatException(
                        $"The store connection string option '{key}' is not supported; use {string.Join(", ", KnownKeys)}.");
            }
        }

        options.Validate();
        return options;
    }

    /// <summary>Checks every value is in range.</summary>
    /// <exception cref="ArgumentException">A value is out of range (the message names it).</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("The store host is empty.", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"The store port must be between 1 and 65535, not {Port}.", nameof(Port));
        }

        if (Protocol is not (2 or 3))
        {
            throw new ArgumentException($"The store protocol must be 2 or 3, not {Protocol}.", nameof(Protocol));
        }

        if (DefaultDatabase < 0)
        {
            throw new ArgumentException("The default database cannot be negative.", nameof(DefaultDatabase));
        }

        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        RequirePositive(CommandTimeout, nameof(CommandTimeout));
        RequirePositive(ReconnectBaseDelay, nameof(ReconnectBaseDelay));
        RequirePositive(ReconnectMaxDelay, nameof(ReconnectMaxDelay));
        if (MaxBulkLength < 1 || MaxAggregateLength < 1 || MaxReplyBytes < 1)
        {
            throw new ArgumentException("The reply limits must be positive.");
        }

        if (MaxNestingDepth is < 1 or > 1024)
        {
            throw new ArgumentException("MaxNestingDepth must be between 1 and 1024.", nameof(MaxNestingDepth));
        }
    }

    /// <summary>A copy (so a caller's later changes cannot reach a live connection).</summary>
    public StoreConnectionOptions Clone() => (StoreConnectionOptions)MemberwiseClone();

    /// <summary>The connection string with the password replaced by <c>***</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(EndPoint);
        if (User is not null)
        {
            text.Append(",user=").Append(User);
        }

        if (Password is not null)
        {
            text.Append(",password=***");
        }

        text.Append(CultureInfo.InvariantCulture, $",defaultDatabase={DefaultDatabase}")
            .Append(CultureInfo.InvariantCulture, $",connectTimeout={(long)ConnectTimeout.TotalMilliseconds}")
            .Append(CultureInfo.InvariantCulture, $",commandTimeout={(long)CommandTimeout.TotalMilliseconds}")
            .Append(CultureInfo.InvariantCulture, $",protocol={Protocol}");
        if (ClientName is not null)
        {
            text.Append(",name=").Append(ClientName);
        }

        return text.ToString();
    }

    private static void ParseEndPoint(string text, StoreConnectionOptions options)
    {
        if (text.Length == 0 || text.Contains('=', StringComparison.Ordinal))
        {
            throw new FormatException("The store connection string must start with the endpoint, 'host' or 'host:port'.");
        }

        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                throw new FormatException($"The store endpoint '{text}' is not '[ipv6]:port'.");
            }

            host = text[1..close];
            port = close + 1 < text.Length ? text[(close + 2)..] : null;
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw new FormatException($"The store endpoint '{text}' looks like an IPv6 address; write it as '[address]:port'.");
            }

            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            throw new FormatException($"The store endpoint '{text}' has no valid host.");
        }

        options.Host = host;
        if (port is not null)
        {
            options.Port = ParseInt("port", port, 1, 65535);
        }
    }

    private static int ParseInt(string key, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new FormatException(
                $"The store connection string option '{key}' must be a whole number from {min} to {max}, not '{value}'.");
        }

        return number;
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive.", name);
        }
    }
}
