namespace ReliabilityMcp.Redis.Connection;

/// <summary>The store answered a command with an error reply (<c>WRONGTYPE ...</c>, <c>ERR ...</c>, a Lua error).</summary>
/// <remarks>The connection stays healthy: the error was the command's reply.</remarks>
public sealed class StoreCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreCommandException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StoreCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal StoreCommandException(string command, string error, Exception innerException)
        : base($"The store rejected {command}: {error}", innerException)
    {
        Command = command;
        ServerMessage = error;
        var space = error.IndexOf(' ', StringComparison.Ordinal);
        ErrorCode = space < 0 ? error : error[..space];
    }

    /// <summary>The command name as the caller gave it.</summary>
    public string Command { get; } = string.Empty;

    /// <summary>The error text as the server sent it.</summary>
    public string ServerMessage { get; } = string.Empty;

    /// <summary>The first word of the error (<c>ERR</c>, <c>WRONGTYPE</c>, <c>NOSCRIPT</c>, <c>BUSY</c>).</summary>
    public string ErrorCode { get; } = string.Empty;
}
