namespace ReliabilityMcp.Agent.Runbook;

/// <summary>A tool answered with an error (validation, authorisation, an unreachable store): the server's own words.</summary>
public sealed class AgentToolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgentToolException() { }

    /// <summary>Creates the exception with the server's message.</summary>
    public AgentToolException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner exception.</summary>
    public AgentToolException(string message, Exception innerException) : base(message, innerException) { }
}
