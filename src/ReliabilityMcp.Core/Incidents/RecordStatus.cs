namespace ReliabilityMcp.Core.Incidents;

/// <summary>What recording an incident did.</summary>
public enum RecordStatus
{
    /// <summary>A new incident was stored.</summary>
    Created,

    /// <summary>The idempotency key was used before with the same content: the earlier id is returned, nothing changed.</summary>
    Existing,

    /// <summary>The idempotency key was used before with different content: nothing changed.</summary>
    Conflict,
}
