using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>One action taken, as sent to <c>record_outcome</c>.</summary>
public sealed class IncidentActionInput
{
    /// <summary>Action type wire name.</summary>
    [JsonPropertyName("action"), Description("One of restart, scale_out, rollback, circuit_breaker, traffic_shift, failover, alert_team, custom, chaos_experiment.")]
    public string? Action { get; init; }

    /// <summary>Targets.</summary>
    [JsonPropertyName("targets"), Description("What the action was applied to, e.g. [\"checkout\"] (1-20 names).")]
    public List<string>? Targets { get; init; }

    /// <summary>Detail.</summary>
    [JsonPropertyName("detail"), Description("Optional detail, e.g. \"rolled back to v2.13.4\" (at most 500 characters).")]
    public string? Detail { get; init; }
}
