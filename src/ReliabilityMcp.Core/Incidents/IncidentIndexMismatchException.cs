namespace ReliabilityMcp.Core.Incidents;

/// <summary>The store's incident index was built by another embedder or dimension than the server is configured with.</summary>
public sealed class IncidentIndexMismatchException : Exception
{
    /// <summary>Creates the exception with a message naming both sides and the ways out.</summary>
    public IncidentIndexMismatchException(IncidentIndexDescriptor stored, IncidentIndexDescriptor configured)
        : base($"The incident index in the store was built by {stored}, but this server is configured with {configured}. " +
               "Vectors from different embedders or dimensions cannot be compared, so incident memory refuses to mix them. " +
               "Configure the original embedder (Incidents:Embeddings), or use a new key prefix (Reliability:KeyPrefix) and re-seed/re-record.")
    {
        Stored = stored;
        Configured = configured;
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public IncidentIndexMismatchException()
        : base("The incident index was built by another embedder.")
    {
        Stored = Configured = new IncidentIndexDescriptor("unknown", 0, "unknown", 0);
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public IncidentIndexMismatchException(string message)
        : base(message)
    {
        Stored = Configured = new IncidentIndexDescriptor("unknown", 0, "unknown", 0);
    }

    /// <summary>Creates the exception with a custom message and inner exception.</summary>
    public IncidentIndexMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Stored = Configured = new IncidentIndexDescriptor("unknown", 0, "unknown", 0);
    }

    /// <summary>What the store's index records.</summary>
    public IncidentIndexDescriptor Stored { get; }

    /// <summary>What this server would build.</summary>
    public IncidentIndexDescriptor Configured { get; }
}
