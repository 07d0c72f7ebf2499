using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.Agent;

/// <summary>How the agent host reaches the ReliabilityMcp server. Section <c>Agent</c>.</summary>
public sealed class AgentOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Agent";

    /// <summary>The server's Streamable HTTP endpoint.</summary>
    [Required]
    public Uri ServerUrl { get; set; } = new("http://127.0.0.1:5180/mcp");

    /// <summary>The agent's own bearer token (an agent-role token; never an approver's). Never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Which brain answers an alert: <c>runbook</c> (default, offline, deterministic) or <c>llm</c>.</summary>
    [RegularExpression("^(runbook|llm)$")]
    public string Brain { get; set; } = "runbook";

    /// <summary>Seconds between two <c>slo_status</c> reads of the watch loop.</summary>
    [Range(1, 3600)]
    public int IntervalSeconds { get; set; } = 30;

    /// <summary>
    /// After an episode that changed nothing (no action recommended, or the guard refused it), how long before the same
    /// alert is triaged again: an alert caught at its onset reads a diluted error rate, and the situation may have grown
    /// into one a policy covers.
    /// </summary>
    [Range(1, 86400)]
    public int RetriageSeconds { get; set; } = 60;

    /// <summary>How long an episode waits for a human decision on a pending approval.</summary>
    [Range(1, 86400)]
    public int ApprovalTimeoutSeconds { get; set; } = 900;

    /// <summary>How long an episode waits, after the action ran, for the SLO to stop burning.</summary>
    [Range(1, 86400)]
    public int RecoveryTimeoutSeconds { get; set; } = 600;

    /// <summary>Seconds between two polls while waiting for an approval or for recovery.</summary>
    [Range(0.05, 600)]
    public double PollIntervalSeconds { get; set; } = 5;
}
