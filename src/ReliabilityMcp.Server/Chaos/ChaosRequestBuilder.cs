using System.Globalization;
using ModelContextProtocol;
using ReliabilityMcp.Core.Chaos;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>
/// Turns run_chaos arguments into a runnable request against the configuration in force: the template with the
/// caller's parameters applied, the duration within limits, the target checked to have a chaos endpoint (and its
/// dependencies, for faults aimed at them). Every refusal is an <see cref="McpException"/> that says what to send.
/// </summary>
public sealed class ChaosRequestBuilder(IReliabilityConfigurationSource configuration)
{
    /// <summary>
    /// Builds the request, the plan and the services the guard judges it over (<see cref="GuardTargets"/>).
    /// </summary>
    public (ChaosRunRequest Request, ChaosPlan Plan, IReadOnlyList<string> GuardTargets) Build(
        string principal, string template, string target, int? durationSeconds, ChaosParameters? parameters)
    {
        // One snapshot: the services judged and the endpoints checked come from the same configuration version.
        var guard = configuration.Guard;
        var config = guard.Configuration;
        var chaos = config.Chaos;
        if (string.IsNullOrEmpty(template) || !chaos.Templates.TryGetValue(template, out var t))
        {
            throw new McpException($"'template' must be one of {string.Join(", ", chaos.Templates.Keys.Order(StringComparer.Ordinal))}; got \"{Truncate(template)}\".");
        }

        var duration = durationSeconds ?? t.DurationSeconds;
        if (duration < 1 || duration > chaos.MaxDurationSeconds)
        {
            throw new McpException($"'duration_seconds' must be 1 to {chaos.MaxDurationSeconds}; got {duration}.");
        }

        t = Apply(t, parameters);
        if (t.Target == ChaosTargetKinds.ControlPlaneStore)
        {
            if (target != ChaosTargetKinds.ControlPlaneTargetName)
            {
                throw new McpException($"template {template} targets the server's own store: set 'target' to \"{ChaosTargetKinds.ControlPlaneTargetName}\".");
            }
        }
        else
        {
            if (string.IsNullOrEmpty(target) || !ConfigurationValidator.ServiceNamePattern().IsMatch(target))
            {
                throw new McpException($"'target' must be a service name like \"checkout\"; got \"{Truncate(target)}\".");
            }

            if (!config.Services.TryGetValue(target, out var node))
            {
                throw new McpException($"'{target}' is not in the service graph; use one of {string.Join(", ", config.Services.Keys.Order(StringComparer.Ordinal))}.");
            }

            if (node.DependsOn.Count == 0 && t.Faults.Any(f => f.On == ChaosFaultScope.Dependencies))
            {
                throw new McpException($"template {template} injects into {target}'s dependencies, but {target} has none in the service graph; pick another template or target.");
            }

            var needed = t.Faults.SelectMany(f => ChaosFaultPlacement.ServicesOf(f, target, guard.Graph)).ToList();
            if (t.Probes.Any(p => p.Path is not null))
            {
                needed.Add(target);
            }

            var missing = needed.Distinct(StringComparer.Ordinal).Where(s => !chaos.Targets.ContainsKey(s)).ToList();
            if (missing.Count > 0)
            {
                throw new McpException($"no chaos endpoint is configured for {string.Join(", ", missing)}: add them under chaos.targets (url of a service running the chaos middleware) in the configuration file.");
            }
        }

        var request = new ChaosRunRequest(template, t, target, duration, principal);
        return (request, Plan(request, guard), GuardTargets(request, guard));
    }

    /// <summary>
    /// The services the guard judges <paramref name="request"/> over: the named target (the control-plane service for
    /// a game day on the server's store) and every service a fault lands on (<see cref="ChaosFaultPlacement"/>).
    /// Risk, blast radius, cooldown, hourly cap, the autonomous window and the SLO gate are then the guard's own,
    /// over all of them.
    /// </summary>
    public static IReadOnlyList<string> GuardTargets(ChaosRunRequest request, Guard guard)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(guard);
        return request.Template.Target == ChaosTargetKinds.ControlPlaneStore
            ? [guard.Configuration.Chaos.ControlPlaneService]
            : ChaosFaultPlacement.ServicesTouched(request.Template, request.Target, guard.Graph);
    }

    /// <summary>The plan of a request, in sentences.</summary>
    public static ChaosPlan Plan(ChaosRunRequest request, Guard guard)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(guard);
        var t = request.Template;
        var faults = new List<string>();
        foreach (var f in t.Faults)
        {
            var where = t.Target == ChaosTargetKinds.ControlPlaneStore ? "the server's store connection"
                : string.Join(", ", ChaosFaultPlacement.ServicesOf(f, request.Target, guard.Graph));
            var what = f.Type switch
            {
                ChaosFaultType.Latency => $"latency {f.LatencyMs} ms (+{f.JitterMs} ms jitter)",
                ChaosFaultType.Error => $"HTTP {f.StatusCode} errors",
                ChaosFaultType.Abort => "dropped connections",
                ChaosFaultType.Corrupt => "corrupted response bodies",
                _ => "outage (every command fails)",
            };
            faults.Add($"{what} on {where}, path {f.PathPrefix}, rate {F(f.Rate)}, severity {F(t.SeverityOf(f))}");
        }

        var probes = t.Probes.Select(p => p.Type == ChaosProbeType.Store
            ? $"{p.Name}: store round trip under {p.LatencyThresholdMs} ms"
            : $"{p.Name}: GET {p.Url ?? p.Path} expects {p.ExpectedStatus} under {p.LatencyThresholdMs} ms").ToList();
        var abort = new List<string>();
        if (t.Abort.ProbeFailureRatio is { } pf)
        {
            abort.Add($"probe failure ratio above {F(pf)} (after {t.Abort.MinSamples} samples)");
        }

        if (t.Abort.ErrorRatio is { } er)
        {
            abort.Add($"error ratio (5xx or no answer) above {F(er)}");
        }

        if (t.Abort.BurnRate is { } br)
        {
            abort.Add($"5-minute burn rate above {F(br)} (needs the SLO engine)");
        }

        return new ChaosPlan(request.TemplateName, request.Target, request.DurationSeconds, faults, probes, abort,
            t.Rollback == ChaosRollback.Always ? "always" : "on_deviation");
    }

    private static ChaosTemplate Apply(ChaosTemplate t, ChaosParameters? p)
    {
        if (p is null)
        {
            return t;
        }

        if (p.LatencyMs is < 1 or > 120_000 || p.JitterMs is < 0 or > 120_000)
        {
            throw new McpException("'parameters.latency_ms' must be 1 to 120000 and 'parameters.jitter_ms' 0 to 120000.");
        }

        if (p.Rate is { } r && !(r is >= 0 and <= 1))
        {
            throw new McpException("'parameters.rate' must be a share from 0 to 1, e.g. 0.25.");
        }

        if (p.StatusCode is < 400 or > 599)
        {
            throw new McpException("'parameters.status_code' must be 400 to 599.");
        }

        if (p.PathPrefix is { } pp && (!pp.StartsWith('/') || pp.Length > 256))
        {
            throw new McpException("'parameters.path_prefix' must start with '/' (at most 256 characters), e.g. \"/api\".");
        }

        return t with
        {
            Faults = [.. t.Faults.Select(f => f with
            {
                LatencyMs = f.Type == ChaosFaultType.Latency ? p.LatencyMs ?? f.LatencyMs : f.LatencyMs,
                JitterMs = f.Type == ChaosFaultType.Latency ? p.JitterMs ?? f.JitterMs : f.JitterMs,
                StatusCode = f.Type == ChaosFaultType.Error ? p.StatusCode ?? f.StatusCode : f.StatusCode,
                Rate = p.Rate ?? f.Rate,
                PathPrefix = p.PathPrefix ?? f.PathPrefix,
            })],
        };
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 64 ? s : s[..64] + "…";
}
