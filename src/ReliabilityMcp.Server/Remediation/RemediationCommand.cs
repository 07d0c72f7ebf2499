using System.Globalization;
using System.Text;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Policies;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>A validated execute_remediation call.</summary>
/// <param name="Caller">The authenticated principal's name.</param>
/// <param name="Action">The typed action.</param>
/// <param name="Targets">Target services (validated names).</param>
/// <param name="Parameters">Validated parameters.</param>
/// <param name="Justification">Why (data).</param>
/// <param name="Confidence">0–1.</param>
/// <param name="Policy">The motivating policy, if named.</param>
/// <param name="IdempotencyKey">The caller's key, if any.</param>
internal sealed record RemediationCommand(
    string Caller,
    ActionType Action,
    IReadOnlyList<string> Targets,
    IReadOnlyDictionary<string, string> Parameters,
    string Justification,
    double Confidence,
    HealingPolicy? Policy,
    string? IdempotencyKey)
{
    /// <summary>SHA-256 over every argument, canonically: "same parameters" for idempotency means all of them.</summary>
    public string Digest()
    {
        var sb = new StringBuilder();
        sb.Append(Action.ToWireName()).Append('\n').AppendJoin(',', Targets).Append('\n');
        foreach (var (name, value) in Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(name).Append('=').Append(value).Append('\u001f');
        }

        sb.Append('\n').Append(Confidence.ToString("R", CultureInfo.InvariantCulture)).Append('\n').Append(Policy?.Name).Append('\n').Append(Justification);
        return AuditChain.Digest(sb.ToString());
    }
}
