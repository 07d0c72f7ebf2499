using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Policies;

namespace ReliabilityMcp.Server.Policies;

/// <summary>
/// One policy as <c>evaluate_policies</c> returns it. Compact by default, because every byte is a token the calling
/// model pays for and a policy that does not apply needs one sentence, not its whole definition: a policy that
/// matched or is held back carries its conditions and counters; one that did not match carries its reason (which
/// condition failed and by how much). With <c>detail</c> every policy carries every condition and its counters.
/// </summary>
/// <param name="Name">Policy name.</param>
/// <param name="Priority">1 (first) to 5.</param>
/// <param name="Status">Where the policy stands.</param>
/// <param name="Actions">The actions the policy recommends.</param>
/// <param name="Reason">One sentence saying why the policy has this status.</param>
/// <param name="Conditions">Every condition with its observed value and margin (matched or held back policies, or with detail).</param>
/// <param name="AvailableAt">When a cooling-down or capped policy becomes available again.</param>
/// <param name="CooldownSeconds">Cooldown, seconds (matched or held back policies, or with detail).</param>
/// <param name="ExecutionsLastHour">Executions in the last hour on this service, when known.</param>
/// <param name="MaxExecutionsPerHour">Hourly cap (matched or held back policies, or with detail).</param>
public sealed record PolicyView(
    string Name,
    int Priority,
    PolicyStatus Status,
    IReadOnlyList<ActionType> Actions,
    string Reason,
    IReadOnlyList<ConditionResult>? Conditions = null,
    DateTimeOffset? AvailableAt = null,
    int? CooldownSeconds = null,
    int? ExecutionsLastHour = null,
    int? MaxExecutionsPerHour = null)
{
    /// <summary>The view of <paramref name="policy"/>; everything when <paramref name="detail"/> is set.</summary>
    public static PolicyView From(PolicyResult policy, bool detail)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var full = detail || policy.Status is PolicyStatus.Matched or PolicyStatus.CoolingDown or PolicyStatus.HourlyCapReached;
        return new PolicyView(policy.Name, policy.Priority, policy.Status, policy.Actions, policy.Reason)
        {
            Conditions = full ? policy.Conditions : null,
            AvailableAt = policy.AvailableAt,
            CooldownSeconds = full ? policy.CooldownSeconds : null,
            ExecutionsLastHour = full ? policy.ExecutionsLastHour : null,
            MaxExecutionsPerHour = full ? policy.MaxExecutionsPerHour : null,
        };
    }
}
