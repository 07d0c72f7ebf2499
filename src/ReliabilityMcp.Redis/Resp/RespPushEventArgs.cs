namespace ReliabilityMcp.Redis.Resp;

/// <summary>An out-of-band RESP3 push message (never the reply to a command).</summary>
/// <param name="message">The push: an aggregate whose first element names its kind (<c>invalidate</c>, <c>message</c>, ...).</param>
public sealed class RespPushEventArgs(RespValue message) : EventArgs
{
    /// <summary>The push message.</summary>
    public RespValue Message { get; } = message;
}
