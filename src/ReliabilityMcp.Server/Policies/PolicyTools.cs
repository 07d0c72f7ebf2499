using System.ComponentModel;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Audit;
using ReliabilityMcp.Server.Configuration;

namespace ReliabilityMcp.Server.Policies;

/// <summary>The deterministic healing policies, evaluated read-only.</summary>
[McpServerToolType]
public sealed partial class PolicyTools(
    PolicyService policies, HotReloadingConfigurationSource configuration, ExploreReadAuditor exploreAudit, TimeProvider time, ILogger<PolicyTools> logger)
{
    private const int MaxCustomMetrics = 32;

    /// <summary>Evaluates every healing policy for a service against the telemetry given.</summary>
    [McpServerTool(Name = "evaluate_policies", Title = "Evaluate healing policies", ReadOnly = true, Idempotent = true, Destructive = false,
        OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(EvaluatePoliciesResult))]
    [Description("""
        Evaluates the server's deterministic healing policies for one service against telemetry you observed, and
        returns the policies that match (priority 1 first) with the actions they recommend, plus every other policy
        with the reason it does not apply: which condition failed and by how much, a missing metric, a running
        cooldown or a reached hourly cap (with when it frees up), or disabled. Read-only: evaluating never spends a
        cooldown or an execution; only execute_remediation does. Give at least one metric. Policies that did not
        match carry only their reason; set detail to true for every condition's observed value and margin.
        Units: latency_p99 in milliseconds; error_rate, cpu_util, memory_util as ratios 0-1; throughput in requests/s.
        Example: {"service": "checkout", "telemetry": {"latency_p99": 850, "error_rate": 0.02, "cpu_util": 0.4}}
        """)]
    public async Task<CallToolResult> EvaluatePoliciesAsync(
        ClaimsPrincipal? user,
        [Description("Service name as in the service graph, lower-case letters, digits and '-', e.g. \"checkout\".")] string service,
        [Description("Observed telemetry: any of latency_p99 (ms), error_rate (0-1), throughput (rps), cpu_util (0-1), memory_util (0-1), custom {name: value}.")] TelemetryInput telemetry,
        [Description("false (default): policies that did not match carry only their reason; true: every policy with every condition's observed value and margin, and its counters.")] bool detail = false,
        CancellationToken cancellationToken = default)
    {
        var caller = PrincipalClaims.FromClaimsPrincipal(user)
            ?? throw new McpException("The caller is not authenticated.");
        var snapshot = Validate(service, telemetry);
        var (evaluation, problem) = await policies.EvaluateAsync(service, snapshot, cancellationToken).ConfigureAwait(false);
        var config = configuration.Current;
        var result = new EvaluatePoliciesResult(
            service,
            config.Services.ContainsKey(service),
            [.. evaluation.Matched.Select(p => PolicyView.From(p, detail))],
            [.. evaluation.Others.Select(p => PolicyView.From(p, detail))],
            evaluation.CounterStateKnown ? "known" : "unknown",
            configuration.Version,
            time.GetUtcNow(),
            problem);

        await exploreAudit.AuditIfExploreAsync(caller, "evaluate_policies", () => CanonicalInputs(service, snapshot),
            () => $"explore-mode read of {service}: {evaluation.Matched.Count} matched", cancellationToken).ConfigureAwait(false);

        LogEvaluated(logger, caller.Name, service, evaluation.Matched.Count);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = Summarise(result) }],
            StructuredContent = JsonSerializer.SerializeToElement(result, McpJsonUtilities.DefaultOptions),
        };
    }

    internal static TelemetrySnapshot Validate(string service, TelemetryInput? telemetry)
    {
        if (string.IsNullOrEmpty(service) || !ConfigurationValidator.ServiceNamePattern().IsMatch(service))
        {
            throw new McpException($"'service' must match ^[a-z0-9][a-z0-9-]{{0,62}}$ (e.g. \"checkout\"); got \"{Truncate(service)}\".");
        }

        if (telemetry is null)
        {
            throw new McpException("'telemetry' is required: give at least one metric, e.g. {\"latency_p99\": 850}.");
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string metric, double? value)
        {
            if (value is not { } v)
            {
                return;
            }

            if (TelemetryMetrics.ValidateValue(metric, v) is { } error)
            {
                throw new McpException($"telemetry.{error}");
            }

            values[metric] = v;
        }

        Add(TelemetryMetrics.LatencyP99, telemetry.LatencyP99);
        Add(TelemetryMetrics.ErrorRate, telemetry.ErrorRate);
        Add(TelemetryMetrics.Throughput, telemetry.Throughput);
        Add(TelemetryMetrics.CpuUtil, telemetry.CpuUtil);
        Add(TelemetryMetrics.MemoryUtil, telemetry.MemoryUtil);
        if (telemetry.Custom is { } custom)
        {
            if (custom.Count > MaxCustomMetrics)
            {
                throw new McpException($"telemetry.custom has {custom.Count} metrics; at most {MaxCustomMetrics} are accepted.");
            }

            foreach (var (name, value) in custom)
            {
                if (!TelemetryMetrics.CustomNamePattern().IsMatch(name) || TelemetryMetrics.Standard.Contains(name))
                {
                    throw new McpException($"telemetry.custom name \"{Truncate(name)}\" is not valid: use lower-case letters, digits, '_' or '.', starting with a letter, and put standard metrics at the top level.");
                }

                Add(name, value);
            }
        }

        return values.Count == 0
            ? throw new McpException("'telemetry' has no metrics; give at least one, e.g. {\"error_rate\": 0.2}.")
            : new TelemetrySnapshot(values);
    }

    private static string CanonicalInputs(string service, TelemetrySnapshot snapshot)
    {
        var inputs = new StringBuilder(service);
        foreach (var (k, v) in snapshot.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            inputs.Append('\n').Append(k).Append('=').Append(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }

        return inputs.ToString();
    }

    private static string Summarise(EvaluatePoliciesResult r)
    {
        var sb = new StringBuilder();
        sb.Append(r.Matched.Count == 0 ? $"No policy matches for {r.Service}." : $"{r.Matched.Count} polic{(r.Matched.Count == 1 ? "y matches" : "ies match")} for {r.Service}: ");
        sb.AppendJoin("; ", r.Matched.Select(m => $"{m.Name} (priority {m.Priority}: {string.Join(", ", m.Actions.Select(a => a.ToWireName()))})"));
        var held = r.Others.Where(o => o.Status is PolicyStatus.CoolingDown or PolicyStatus.HourlyCapReached).ToList();
        if (held.Count > 0)
        {
            sb.Append(" Held back: ").AppendJoin("; ", held.Select(h => $"{h.Name} until {h.AvailableAt:O}")).Append('.');
        }

        if (r.CounterState == "unknown")
        {
            sb.Append(" Cooldown state unknown: the store is unreachable.");
        }

        if (!r.KnownService)
        {
            sb.Append($" Note: {r.Service} is not in the configured service graph.");
        }

        return sb.ToString();
    }

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 64 ? s : s[..64] + "…";

    [LoggerMessage(EventId = 2101, EventName = "PoliciesEvaluated", Level = LogLevel.Debug,
        Message = "evaluate_policies by {Principal} for {Service}: {Matched} matched")]
    private static partial void LogEvaluated(ILogger logger, string principal, string service, int matched);
}
