namespace ReliabilityMcp.Redis.Connection;

/// <summary>
/// The store cannot serve the command: it is unreachable, the connection dropped while the command was in
/// flight, the handshake (for example authentication) failed, or the server broke the protocol. Commands that
/// fail this way were either never sent or their outcome is unknown; they are never retried silently.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StoreUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the standard message: "The store at host:port is unreachable: reason".</summary>
    internal static StoreUnavailableException Unreachable(string endPoint, string reason, Exception? innerException = null) =>
        new($"The store at {endPoint} is unreachable: {reason}", innerException);
}
