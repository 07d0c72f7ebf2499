using ReliabilityMcp.Core.Actions;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>Everything an executor may use about one execution: placeholders, webhook body, audit.</summary>
/// <param name="ExecutionId">The claimed execution id.</param>
/// <param name="Action">The typed action.</param>
/// <param name="Targets">Target services.</param>
/// <param name="Parameters">Validated parameters.</param>
/// <param name="Requester">Who asked.</param>
/// <param name="Approvers">Who approved.</param>
/// <param name="ApprovalId">The approval it runs under, if any.</param>
/// <param name="Justification">The requester's justification (data).</param>
internal sealed record RemediationInvocation(
    string ExecutionId,
    ActionType Action,
    IReadOnlyList<string> Targets,
    IReadOnlyDictionary<string, string> Parameters,
    string Requester,
    IReadOnlyList<string> Approvers,
    string? ApprovalId,
    string Justification)
{
    /// <summary>Placeholder values for one target.</summary>
    public Dictionary<string, string> PlaceholderValues(string target)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["target"] = target,
            ["action"] = Action.ToWireName(),
            ["execution_id"] = ExecutionId,
        };
        foreach (var (name, value) in Parameters)
        {
            values["param." + name] = value;
        }

        return values;
    }
}
