using ModelContextProtocol;
using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>Turns store outages in state-changing tools into a clear, fail-closed tool error (DESIGN §4).</summary>
internal static class StoreFailure
{
    /// <summary>Whether <paramref name="ex"/> means the store could not be used.</summary>
    public static bool Is(Exception ex) => ex is StoreUnavailableException or StoreCommandException or TimeoutException;

    /// <summary>The tool error for <paramref name="ex"/>.</summary>
    public static McpException ToToolError(Exception ex) => new(
        $"The store is unreachable ({ex.Message}), so this state-changing call failed closed: nothing was approved or executed. Retry when /health reports the store healthy.", ex);
}
