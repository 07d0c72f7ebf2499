using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Core.Policies;

/// <summary>
/// Evaluates the configured policies for a service. Read-only: counters are read (within a budget) to report
/// cooldowns and caps, never spent. When the store does not answer, the evaluation still comes from the loaded
/// configuration and says that cooldown state is unknown.
/// </summary>
public sealed class PolicyService(IReliabilityConfigurationSource configuration, IGuardCounterStore counters, TimeProvider time, GuardServiceOptions? options = null)
{
    private readonly GuardServiceOptions _options = options ?? new GuardServiceOptions();

    /// <summary>Evaluates every policy for <paramref name="service"/> against <paramref name="telemetry"/>.</summary>
    public async Task<(PolicyEvaluation Evaluation, string? StoreProblem)> EvaluateAsync(
        string service, TelemetrySnapshot telemetry, CancellationToken cancellationToken)
    {
        var policies = configuration.Current.Policies;
        var now = time.GetUtcNow();
        // Only policies that could act need their cooldown and cap: every other status is decided by configuration
        // and telemetry alone. When none can act, the store is not asked at all.
        var candidates = policies.Where(p => PolicyEvaluator.IsCandidate(p, service, telemetry)).ToList();
        var (state, problem) = candidates.Count == 0
            ? (new Dictionary<string, ExecutionCounter>(), null)
            : await ReadCountersAsync(candidates, service, now, cancellationToken).ConfigureAwait(false);
        var evaluation = PolicyEvaluator.Evaluate(policies, service, telemetry,
            state is null ? null : p => state.GetValueOrDefault(p.Name) ?? ExecutionCounter.Empty, now);
        return (evaluation, problem);
    }

    private async Task<(IReadOnlyDictionary<string, ExecutionCounter>? State, string? Problem)> ReadCountersAsync(
        List<HealingPolicy> candidates, string service, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.StoreBudget);
        try
        {
            return (await counters.ReadPoliciesAsync(candidates, service, now, budget.Token).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, ex is OperationCanceledException ? $"no answer within {_options.StoreBudget.TotalSeconds:0.#} s" : ex.Message);
        }
    }
}
