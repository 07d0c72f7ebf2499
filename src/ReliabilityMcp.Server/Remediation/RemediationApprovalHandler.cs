using System.Text.Json;
using ModelContextProtocol;
using ReliabilityMcp.Core.Approvals;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>Runs an approved remediation (kind <c>remediation</c>) exactly as execute_remediation would have.</summary>
internal sealed class RemediationApprovalHandler(RemediationRunner runner) : IApprovedRequestHandler
{
    /// <summary>The kind remediation submits approvals under.</summary>
    public const string KindName = "remediation";

    /// <inheritdoc />
    public string Kind => KindName;

    /// <summary>The execution id an approval runs under: derived from the approval, so every replica claims the same id.</summary>
    public static string ExecutionIdFor(string approvalId) => "exe_" + approvalId.Replace("apr_", "", StringComparison.Ordinal);

    /// <inheritdoc />
    public async Task<ApprovedRequestResult> ExecuteAsync(ApprovedRequest approved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approved);
        var payload = JsonSerializer.Deserialize<RemediationPayload>(approved.PayloadJson, McpJsonUtilities.DefaultOptions)
            ?? throw new InvalidOperationException("the remediation payload is empty");
        var request = approved.Request;
        var invocation = new RemediationInvocation(ExecutionIdFor(approved.ApprovalId), request.Action, request.Targets, payload.Parameters,
            request.Principal, approved.Approvers, approved.ApprovalId, request.Justification);
        var report = await runner.RunAsync(request, invocation, autonomous: false, binding: null, cancellationToken).ConfigureAwait(false);
        return new ApprovedRequestResult(report.Succeeded, report.Outcome, JsonSerializer.SerializeToElement(report, McpJsonUtilities.DefaultOptions));
    }
}
