using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;
using ReliabilityMcp.Core.Remediation;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// One Polly circuit breaker per executor target (a webhook URL, or a command's target service), in this process.
/// It opens when at least <c>failure_threshold</c> executions ran in the last ten minutes and every one of them
/// failed, and stays open for <c>break_seconds</c>; then one trial execution decides. Its state is reported with
/// every execution result.
/// </summary>
internal sealed class ExecutorCircuitBreakers(TimeProvider time)
{
    private static readonly TimeSpan Sampling = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, Breaker> _breakers = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="step"/> through the breaker for <paramref name="key"/>; an open circuit returns a failed step without calling it.</summary>
    public async Task<StepReport> ExecuteAsync(
        string key, CircuitBreakerDefinition definition, Func<CancellationToken, Task<StepReport>> step, Func<string, StepReport> whenOpen, CancellationToken cancellationToken)
    {
        var breaker = Get(key, definition);
        try
        {
            return await breaker.Pipeline.ExecuteAsync(async ct => await step(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (IsolatedCircuitException)
        {
            return whenOpen($"circuit breaker {key} is isolated");
        }
        catch (BrokenCircuitException ex)
        {
            var retry = ex.RetryAfter is { } after ? $"; it lets a trial through in {after.TotalSeconds:0} s" : "";
            return whenOpen($"circuit breaker {key} is open after repeated failures, so the executor was not called{retry}");
        }
    }

    /// <summary>The breaker's state: <c>closed</c>, <c>open</c>, <c>half_open</c> or <c>isolated</c>.</summary>
    public string StateOf(string key, CircuitBreakerDefinition definition) => Get(key, definition).State.CircuitState switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        CircuitState.Isolated => "isolated",
        _ => "closed",
    };

    private Breaker Get(string key, CircuitBreakerDefinition definition) =>
        // The settings are part of the key: a configuration reload that changes them starts a fresh breaker.
        _breakers.GetOrAdd($"{key}|{definition.FailureThreshold}|{definition.BreakSeconds}", _ =>
        {
            var state = new CircuitBreakerStateProvider();
            var pipeline = new ResiliencePipelineBuilder<StepReport> { TimeProvider = time }
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions<StepReport>
                {
                    FailureRatio = 1.0,
                    MinimumThroughput = definition.FailureThreshold,
                    SamplingDuration = Sampling,
                    BreakDuration = TimeSpan.FromSeconds(definition.BreakSeconds),
                    ShouldHandle = new PredicateBuilder<StepReport>().Handle<Exception>(ex => ex is not OperationCanceledException).HandleResult(r => !r.Succeeded),
                    StateProvider = state,
                })
                .Build();
            return new Breaker(pipeline, state);
        });

    private sealed record Breaker(ResiliencePipeline<StepReport> Pipeline, CircuitBreakerStateProvider State);
}
