using System.Collections.Frozen;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>Refuses commands that would break the shared, pipelined connection for every other caller.</summary>
internal static class RespCommandGuard
{
    private static readonly FrozenSet<string> Refused = new[]
    {
        // Subscriber mode and MONITOR turn the socket into a message stream: replies stop matching commands.
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR",

        // Connection state the handshake owns: changing it would change it for everyone, until the next reconnect.
        "SELECT", "AUTH", "HELLO", "RESET", "QUIT", "SWAPDB",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static void Check(string command, ReadOnlySpan<RespArgument> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        if (Refused.Contains(command))
        {
            throw new NotSupportedException(
                $"{command.ToUpperInvariant()} cannot run on the shared store connection: it would change the connection for every caller. " +
                "Use the connection string (defaultDatabase, user, password, protocol) instead.");
        }

        if (arguments.Length > 0 && string.Equals(command, "CLIENT", StringComparison.OrdinalIgnoreCase)
            && arguments[0].TextEquals("REPLY"))
        {
            throw new NotSupportedException("CLIENT REPLY cannot run on the shared store connection: replies would stop matching commands.");
        }
    }
}
