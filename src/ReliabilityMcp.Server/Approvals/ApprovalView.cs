using System.Text.Json;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Server.Approvals;

/// <summary>An approval with its full context, as tools and the operator API show it.</summary>
/// <param name="ApprovalId">The id.</param>
/// <param name="Kind"><c>remediation</c> or <c>chaos</c>.</param>
/// <param name="State">Where it is in the state machine.</param>
/// <param name="Summary">One sentence: what, on what, by whom, why.</param>
/// <param name="Requester">Who asked.</param>
/// <param name="Action">Action wire name.</param>
/// <param name="Targets">Target services.</param>
/// <param name="Justification">The requester's justification (data written by the requester).</param>
/// <param name="Confidence">The requester's confidence.</param>
/// <param name="Policy">Motivating policy, if any.</param>
/// <param name="Risk">Risk class.</param>
/// <param name="RiskReasons">Why.</param>
/// <param name="BlastRadius">Targets plus dependants.</param>
/// <param name="GuardSummary">Why the guard asked for approval.</param>
/// <param name="ApproversNeeded">Distinct approvers needed.</param>
/// <param name="Approvers">Who approved so far.</param>
/// <param name="CreatedAt">When requested.</param>
/// <param name="ExpiresAt">When it expires unless decided.</param>
/// <param name="Events">History.</param>
/// <param name="Payload">Kind-specific payload (e.g. <c>{"parameters": {...}}</c> for a remediation).</param>
/// <param name="Result">The handler's result once it ran.</param>
public sealed record ApprovalView(
    string ApprovalId,
    string Kind,
    ApprovalState State,
    string Summary,
    string Requester,
    string Action,
    IReadOnlyList<string> Targets,
    string Justification,
    double Confidence,
    RiskClass Risk,
    IReadOnlyList<string> RiskReasons,
    IReadOnlyList<string> BlastRadius,
    string GuardSummary,
    int ApproversNeeded,
    IReadOnlyList<string> Approvers,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<ApprovalEvent> Events,
    string? Policy = null,
    JsonElement? Payload = null,
    JsonElement? Result = null)
{
    /// <summary>The view of <paramref name="record"/>.</summary>
    public static ApprovalView From(ApprovalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var d = record.Request;
        return new ApprovalView(d.Id, d.Kind, record.State, d.Summary, d.Requester, d.Action.ToWireName(), d.Targets, d.Justification, d.Confidence,
            d.Risk, d.RiskReasons, d.BlastRadius, d.DecisionSummary, record.ApproversNeeded, record.Approvers, d.CreatedAt, d.ExpiresAt,
            record.Events, d.Policy, Parse(d.PayloadJson), Parse(record.ResultJson));
    }

    private static JsonElement? Parse(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<JsonElement>(json);
}
