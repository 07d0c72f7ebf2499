namespace ReliabilityMcp.Server.Slo;

/// <summary>Structured result of <c>slo_status</c>.</summary>
public sealed record SloStatusResult
{
    /// <summary>The service asked about, or null for every service.</summary>
    public string? Service { get; init; }

    /// <summary>Every SLO, ordered by service then name.</summary>
    public IReadOnlyList<SloStatusEntry> Slos { get; init; } = [];

    /// <summary>The agents' own SLIs over the last <see cref="AgentWindowDays"/> days: one row per principal and <c>*</c> for all.</summary>
    public IReadOnlyList<AgentSli> Agents { get; init; } = [];

    /// <summary>Days of guard decisions behind <see cref="Agents"/>.</summary>
    public int AgentWindowDays { get; init; }

    /// <summary>When this was computed (UTC).</summary>
    public DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Why the counters could not be read (verdicts are then <c>unknown</c>); null when they were.</summary>
    public string? StoreProblem { get; init; }
}
