namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// The bytes received are not valid RESP, or exceed a configured limit. The connection that received them
/// cannot be resynchronised and is closed; its callers see a <see cref="StoreUnavailableException"/> with this
/// exception inside.
/// </summary>
public sealed class RespProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RespProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RespProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RespProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
