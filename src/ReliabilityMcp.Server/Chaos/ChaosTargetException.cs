namespace ReliabilityMcp.Server.Chaos;

/// <summary>A target's chaos endpoint refused a request or could not be reached.</summary>
public sealed class ChaosTargetException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChaosTargetException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChaosTargetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ChaosTargetException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
