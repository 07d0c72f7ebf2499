namespace ReliabilityMcp.Core.Slo;

/// <summary>A batch of telemetry. The batch id makes delivery idempotent: a batch id seen before counts once.</summary>
public sealed record TelemetryBatch
{
    /// <summary>Caller-chosen unique id (1–128 characters), e.g. a UUID; retries reuse it.</summary>
    public string BatchId { get; init; } = "";

    /// <summary>The events.</summary>
    public IReadOnlyList<TelemetryEvent> Events { get; init; } = [];
}
