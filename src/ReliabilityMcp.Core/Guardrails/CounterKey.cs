using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Configuration;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// One cooldown/hourly-cap counter a request is held to on each target: the action's own (always), and the named
/// policy's (in addition, never instead: naming a policy can only add limits).
/// </summary>
/// <param name="Key"><c>action:TYPE</c> or <c>policy:NAME</c>.</param>
/// <param name="CooldownSeconds">Cooldown an execution starts on each target, seconds (0 = none).</param>
/// <param name="MaxExecutionsPerHour">Executions per rolling hour per target.</param>
public sealed record CounterKey(string Key, int CooldownSeconds, int MaxExecutionsPerHour)
{
    /// <summary>The key as people read it: <c>action restart</c>, <c>policy high-latency-restart</c>.</summary>
    public string Label => Key.Replace(':', ' ');

    /// <summary>The counters <paramref name="request"/> is held to under <paramref name="config"/>: the action's, then the policy's.</summary>
    public static IReadOnlyList<CounterKey> For(GuardRequest request, ReliabilityConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(config);
        var definition = config.ActionFor(request.Action);
        var action = new CounterKey($"action:{request.Action.ToWireName()}", definition.CooldownSeconds, definition.MaxExecutionsPerHour);
        return request.Policy is { } policy
            ? [action, new CounterKey($"policy:{policy.Name}", policy.CooldownSeconds, policy.MaxExecutionsPerHour)]
            : [action];
    }
}
