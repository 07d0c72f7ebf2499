using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Server.Slo;

/// <summary>
/// Builds <see cref="SloStatusResult"/> for the tool and the operator API. Read-only, so it degrades when the
/// store is unreachable: definitions with an <c>unknown</c> verdict and the reason, never an exception.
/// </summary>
public sealed class SloStatusQuery(SloService slo, TimeProvider time)
{
    /// <summary>
    /// Status of <paramref name="service"/>'s SLOs, or of every service when null; <paramref name="detail"/> adds each
    /// burn window's event counts and every firing rule.
    /// </summary>
    public async Task<SloStatusResult> ReadAsync(string? service, bool detail, CancellationToken cancellationToken)
    {
        var result = new SloStatusResult { Service = service, AgentWindowDays = SloService.AgentWindowDays, EvaluatedAt = time.GetUtcNow() };
        try
        {
            var evaluations = slo.EvaluateAsync(service, cancellationToken);
            var agents = slo.AgentDecisionsAsync(cancellationToken);
            return result with
            {
                Slos = [.. (await evaluations.ConfigureAwait(false)).Select(e => SloStatusEntry.From(e, detail))],
                Agents = WithTotal(await agents.ConfigureAwait(false)),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return result with
            {
                Slos = [.. slo.Settings.Objectives.Where(o => service is null || o.Service == service)
                    .OrderBy(o => o.Service, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal)
                    .Select(o => SloStatusEntry.Definition(o, "unknown"))],
                StoreProblem = ex is OperationCanceledException ? "the store did not answer in time" : $"the store is unreachable: {ex.Message}",
            };
        }
    }

    private static List<AgentSli> WithTotal(IReadOnlyList<AgentDecisionCounts> rows)
    {
        var list = rows.Select(AgentSli.From).ToList();
        if (rows.Count > 0)
        {
            list.Add(AgentSli.From(new AgentDecisionCounts("*", rows.Sum(r => r.Requests), rows.Sum(r => r.Denied), rows.Sum(r => r.NeedsApproval), rows.Sum(r => r.OutsideMode))));
        }

        return list;
    }
}
