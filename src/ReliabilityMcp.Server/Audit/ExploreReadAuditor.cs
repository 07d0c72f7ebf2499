using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Audit;

/// <summary>
/// Audits read-only tool calls made by principals in explore mode (issue 4: explore-mode reads are audited with
/// the principal's identity). Reads may degrade when the store is down (DESIGN §4): a failed append is logged,
/// and the read still answers.
/// </summary>
public sealed partial class ExploreReadAuditor(
    IReliabilityConfigurationSource configuration, IAuditTrail audit, TimeProvider time, ILogger<ExploreReadAuditor> logger)
{
    /// <summary>Appends an audit entry for <paramref name="tool"/> when <paramref name="caller"/> is in explore mode.</summary>
    /// <param name="caller">The authenticated caller.</param>
    /// <param name="tool">Tool wire name.</param>
    /// <param name="canonicalInputs">The inputs in a canonical text form (only their digest is stored); built only for explore-mode callers.</param>
    /// <param name="detail">One short line (no secrets); built only for explore-mode callers.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    public async Task AuditIfExploreAsync(Principal caller, string tool, Func<string> canonicalInputs, Func<string> detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(canonicalInputs);
        ArgumentNullException.ThrowIfNull(detail);
        if (configuration.Current.Guard.AgentModeOf(caller.Name) != AgentMode.Explore)
        {
            return;
        }

        try
        {
            await audit.AppendAsync(
                new AuditRecord(time.GetUtcNow(), caller.Name, tool, "read", AuditChain.Digest(canonicalInputs()), detail()),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAuditFailed(logger, caller.Name, tool, ex.Message);
        }
    }

    [LoggerMessage(EventId = 2102, EventName = "ExploreAuditFailed", Level = LogLevel.Warning,
        Message = "Could not audit an explore-mode read of {Tool} by {Principal}: {Reason}")]
    private static partial void LogAuditFailed(ILogger logger, string principal, string tool, string reason);
}
