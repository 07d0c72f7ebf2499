namespace ReliabilityMcp.Agent.Llm;

/// <summary>The chat endpoint failed: unreachable, timed out, an error status, or an answer that is not chat-completions JSON.</summary>
public sealed class ChatEndpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChatEndpointException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChatEndpointException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ChatEndpointException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
