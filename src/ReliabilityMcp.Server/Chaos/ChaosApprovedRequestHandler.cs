using System.Text.Json;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>Starts an approved chaos experiment (the approval service calls it at most once per approval).</summary>
public sealed class ChaosApprovedRequestHandler(ChaosRunner runner, IReliabilityConfigurationSource configuration) : IApprovedRequestHandler
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
        var plan = ChaosRequestBuilder.Plan(request, configuration.Current);
        try
        {
            var started = await runner.StartAsync(request, null, cancellationToken).ConfigureAwait(false);
            var result = ChaosTools.ToResult(started, plan, null);
            var ok = result.Status == "started";
            return new ApprovedRequestResult(ok, ok ? "completed" : "failed", JsonSerializer.SerializeToElement(result, ChaosApprovalPayload.Json));
        }
        catch (InvalidOperationException ex)
        {
            return new ApprovedRequestResult(false, "failed", JsonSerializer.SerializeToElement(new { status = "failed", message = ex.Message }, ChaosApprovalPayload.Json));
        }
    }
}
