namespace ReliabilityMcp.Redis.Resp;

/// <summary>The connection to the store came up or went down.</summary>
/// <param name="isConnected">Whether the connection is now usable.</param>
/// <param name="reason">Why it went down (or why the last attempt failed); <see langword="null"/> when it came up.</param>
public sealed class StoreConnectionStateChangedEventArgs(bool isConnected, Exception? reason) : EventArgs
{
    /// <summary>Whether the connection is now usable.</summary>
    public bool IsConnected { get; } = isConnected;

    /// <summary>Why it went down; <see langword="null"/> when it came up.</summary>
    public Exception? Reason { get; } = reason;
}
