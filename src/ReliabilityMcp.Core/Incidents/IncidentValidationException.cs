namespace ReliabilityMcp.Core.Incidents;

/// <summary>An incident, outcome or search was rejected; <see cref="Errors"/> name each bad field.</summary>
public sealed class IncidentValidationException : Exception
{
    /// <summary>Creates the exception from the validator's messages.</summary>
    public IncidentValidationException(IReadOnlyList<string> errors)
        : base(string.Join(" ", errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with one message.</summary>
    public IncidentValidationException(string message)
        : base(message)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception with one message and an inner exception.</summary>
    public IncidentValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception.</summary>
    public IncidentValidationException()
        : this("The request is not valid.")
    {
    }

    /// <summary>One message per problem, each starting with the field name.</summary>
    public IReadOnlyList<string> Errors { get; }
}
