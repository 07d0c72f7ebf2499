using System.Globalization;
using System.Runtime.CompilerServices;
using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Core.Policies;

/// <summary>
/// Evaluates healing policies against a telemetry snapshot. Pure and read-only: it reads counters that the
/// caller fetched, and never spends a cooldown or an execution (only an execution does).
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>Rolling window of <see cref="HealingPolicy.MaxExecutionsPerHour"/>.</summary>
    public static readonly TimeSpan HourlyWindow = TimeSpan.FromHours(1);

    // A condition's text ("latency_p99 > 500") per condition object: conditions are immutable and live as long as
    // the configuration that holds them, and every evaluation reports the text of every condition it checks.
    private static readonly ConditionalWeakTable<PolicyCondition, string> ConditionTexts = new();

    /// <summary>
    /// Evaluates <paramref name="policies"/> for <paramref name="service"/>. <paramref name="counters"/> returns the
    /// execution counter of a policy on the service; pass null when the store is unreachable (matched policies are
    /// then reported with unknown counter state).
    /// </summary>
    public static PolicyEvaluation Evaluate(
        IReadOnlyList<HealingPolicy> policies,
        string service,
        TelemetrySnapshot telemetry,
        Func<HealingPolicy, ExecutionCounter>? counters,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(telemetry);
        var matched = new List<PolicyResult>();
        var others = new List<PolicyResult>();
        foreach (var policy in policies)
        {
            var result = EvaluateOne(policy, service, telemetry, counters, now);
            (result.Status == PolicyStatus.Matched ? matched : others).Add(result);
        }

        matched.Sort(ByPriority);
        others.Sort(ByPriority);
        return new PolicyEvaluation(service, matched, others, counters is not null);
    }

    /// <summary>
    /// Whether <paramref name="policy"/> could act on <paramref name="service"/>: enabled, in scope, and every condition
    /// holds. Only such policies need counter state; every other policy's status is decided by configuration and
    /// telemetry alone.
    /// </summary>
    public static bool IsCandidate(HealingPolicy policy, string service, TelemetrySnapshot telemetry)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(telemetry);
        if (!policy.Enabled || !policy.AppliesTo(service))
        {
            return false;
        }

        foreach (var cond in policy.Conditions)
        {
            if (!telemetry.TryGet(cond.Metric, out var value) || !cond.IsSatisfiedBy(value))
            {
                return false;
            }
        }

        return true;
    }

    private static int ByPriority(PolicyResult a, PolicyResult b)
    {
        var c = a.Priority.CompareTo(b.Priority);
        return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
    }

    private static PolicyResult EvaluateOne(
        HealingPolicy policy, string service, TelemetrySnapshot telemetry, Func<HealingPolicy, ExecutionCounter>? counters, DateTimeOffset now)
    {
        var conditions = new List<ConditionResult>(policy.Conditions.Count);
        var failed = new List<string>();
        foreach (var cond in policy.Conditions)
        {
            if (!telemetry.TryGet(cond.Metric, out var value))
            {
                conditions.Add(new ConditionResult(Text(cond), false));
                failed.Add($"{cond.Metric} missing from telemetry");
                continue;
            }

            var ok = cond.IsSatisfiedBy(value);
            var margin = Math.Round(value - cond.Threshold, 9); // 0.15 - 0.04 is 0.10999999999999999 in binary
            conditions.Add(new ConditionResult(Text(cond), ok, value, margin));
            if (!ok)
            {
                failed.Add($"{cond.Metric} = {Format(value)} does not satisfy {PolicyCondition.Symbol(cond.Operator)} {Format(cond.Threshold)} (off by {Format(Math.Abs(margin))})");
            }
        }

        PolicyResult Result(PolicyStatus status, string reason, DateTimeOffset? availableAt = null, int? executions = null) => new()
        {
            Name = policy.Name,
            Priority = policy.Priority,
            Status = status,
            Actions = policy.Actions,
            Conditions = conditions,
            Reason = reason,
            AvailableAt = availableAt,
            CooldownSeconds = policy.CooldownSeconds,
            ExecutionsLastHour = executions,
            MaxExecutionsPerHour = policy.MaxExecutionsPerHour,
        };

        if (!policy.Enabled)
        {
            return Result(PolicyStatus.Disabled, "disabled in configuration");
        }

        if (!policy.AppliesTo(service))
        {
            return Result(PolicyStatus.NotApplicable, $"scoped to {string.Join(", ", policy.Services)}");
        }

        if (failed.Count > 0)
        {
            return Result(PolicyStatus.NotMatched, string.Join("; ", failed));
        }

        if (counters is null)
        {
            return Result(PolicyStatus.Matched, "all conditions hold; cooldown and hourly cap state unknown (the store is unreachable)");
        }

        var counter = counters(policy);
        if (counter.CooldownUntil is { } until && until > now)
        {
            return Result(PolicyStatus.CoolingDown,
                $"all conditions hold, but the {policy.CooldownSeconds} s cooldown on {service} runs until {until:O}", until, counter.Count);
        }

        if (counter.Count >= policy.MaxExecutionsPerHour)
        {
            var frees = counter.Oldest is { } oldest ? oldest + HourlyWindow : now + HourlyWindow;
            return Result(PolicyStatus.HourlyCapReached,
                $"all conditions hold, but {counter.Count} of {policy.MaxExecutionsPerHour} executions per hour on {service} are used; a slot frees at {frees:O}", frees, counter.Count);
        }

        return Result(PolicyStatus.Matched, "all conditions hold", executions: counter.Count);
    }

    private static string Text(PolicyCondition condition) => ConditionTexts.GetValue(condition, static c => c.ToString());

    /// <summary>
    /// <paramref name="value"/> as <c>0.####</c> formats it (at most four decimals, no exponent). Most values are already
    /// that short in their shortest round-trip form, which is several times cheaper to make than a custom format, and
    /// the same text when it has at most 15 significant digits (the precision a custom format works with).
    /// </summary>
    internal static string Format(double value)
    {
        Span<char> shortest = stackalloc char[32];
        if (value.TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture))
        {
            var text = shortest[..length];
            var dot = text.IndexOf('.');
            var digits = length - (text[0] == '-' ? 1 : 0) - (dot < 0 ? 0 : 1);
            if (text.IndexOfAny('E', 'N', 'I') < 0 && (dot < 0 || length - dot - 1 <= 4) && digits <= 15)
            {
                return text.ToString();
            }
        }

        return value.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
