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
        IReadOnlyDictionary<string, ExecutionCounter>? state = null;
        string? problem = null;
        using (var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            budget.CancelAfter(_options.StoreBudget);
            try
            {
                state = await counters.ReadPoliciesAsync(policies, service, now, budget.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                problem = ex is OperationCanceledException ? $"no answer within {_options.StoreBudget.TotalSeconds:0.#} s" : ex.Message;
            }
        }

        var evaluation = PolicyEvaluator.Evaluate(policies, service, telemetry,
            state is null ? null : p => state.GetValueOrDefault(p.Name) ?? ExecutionCounter.Empty, now);
        return (evaluation, problem);
    }
}
