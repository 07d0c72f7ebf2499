using System.Text.Json;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>
/// Starts an approved chaos experiment (the approval service calls it at most once per approval): it checks the run
/// still touches exactly the services the approvers judged, spends the cooldown, hourly cap and rate limits on them as
/// a direct run does, then starts it.
/// </summary>
public sealed class ChaosApprovedRequestHandler(
    ChaosRunner runner, IReliabilityConfigurationSource configuration, IGuardCounterStore counters, TimeProvider time) : IApprovedRequestHandler
{
    /// <inheritdoc />
    public string Kind => ChaosTools.ApprovalKind;

    /// <inheritdoc />
    public async Task<ApprovedRequestResult> ExecuteAsync(ApprovedRequest approved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approved);
        var payload = JsonSerializer.Deserialize<ChaosApprovalPayload>(approved.PayloadJson, ChaosApprovalPayload.Json)
            ?? throw new InvalidOperationException("the chaos approval has no payload");
        var request = new ChaosRunRequest(payload.TemplateName, payload.Template, payload.Target, payload.DurationSeconds,
            approved.Request.Principal, approved.ApprovalId, approved.Approvers);
        var guard = configuration.Guard;
        // A service graph edited since the request may move a dependency fault onto a service nobody judged.
        var touched = ChaosRequestBuilder.GuardTargets(request, guard);
        if (!touched.ToHashSet(StringComparer.Ordinal).SetEquals(approved.Request.Targets))
        {
            return Failed($"the service graph changed since the request: the run would now touch {string.Join(", ", touched)}, "
                + $"but was judged and approved for {string.Join(", ", approved.Request.Targets)}; nothing was injected, request it again.");
        }

        var spent = await counters.TrySpendAsync(CounterScope.For(approved.Request, guard, autonomous: false), $"chaos-{approved.ApprovalId}",
            time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!spent.Spent)
        {
            return Failed($"not started: {spent.Refusal}; nothing was injected.");
        }

        var plan = ChaosRequestBuilder.Plan(request, guard);
        try
        {
            var started = await runner.StartAsync(request, null, cancellationToken).ConfigureAwait(false);
            var result = ChaosTools.ToResult(started, plan, null);
            var ok = result.Status == "started";
            return new ApprovedRequestResult(ok, ok ? "completed" : "failed", JsonSerializer.SerializeToElement(result, ChaosApprovalPayload.Json));
        }
        catch (InvalidOperationException ex)
        {
            return Failed(ex.Message);
        }
    }

    private static ApprovedRequestResult Failed(string message) =>
        new(false, "failed", JsonSerializer.SerializeToElement(new { status = "failed", message }, ChaosApprovalPayload.Json));
}
