using System.Globalization;
using System.Text.RegularExpressions;
using ReliabilityMcp.Core.Configuration;

namespace ReliabilityMcp.Core.Chaos;

/// <summary>Validates the <c>chaos:</c> section; every error names its path and says what to write instead.</summary>
public static partial class ChaosValidator
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateNamePattern();

    /// <summary>Adds the problems of <see cref="ReliabilityConfiguration.Chaos"/> to <paramref name="errors"/>.</summary>
    public static void Validate(ReliabilityConfiguration config, List<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(errors);
        var chaos = config.Chaos;
        if (chaos.WatchIntervalSeconds is < 1 or > 300)
        {
            errors.Add(new("chaos.watch_interval_seconds", $"{chaos.WatchIntervalSeconds} is out of range; use 1 to 300."));
        }

        if (chaos.MaxDurationSeconds is < 10 or > 86_400)
        {
            errors.Add(new("chaos.max_duration_seconds", $"{chaos.MaxDurationSeconds} is out of range; use 10 to 86400 (one day)."));
        }

        if (chaos.RecoveryTimeoutSeconds is < 1 or > 3600)
        {
            errors.Add(new("chaos.recovery_timeout_seconds", $"{chaos.RecoveryTimeoutSeconds} is out of range; use 1 to 3600."));
        }

        if (!ConfigurationValidator.ServiceNamePattern().IsMatch(chaos.ControlPlaneService ?? ""))
        {
            errors.Add(new("chaos.control_plane_service", $"'{chaos.ControlPlaneService}' is not a service name; use ^[a-z0-9][a-z0-9-]{{0,62}}$ (e.g. reliability-mcp)."));
        }

        foreach (var (service, target) in chaos.Targets)
        {
            var path = $"chaos.targets.{service}";
            if (!config.Services.ContainsKey(service))
            {
                errors.Add(new(path, $"'{service}' is not in the service graph; declare it under services first."));
            }

            if (target is null || !Uri.TryCreate(target.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add(new($"{path}.url", "give the service's base URL, http or https, e.g. http://127.0.0.1:5101."));
            }
            else if (!target.ControlPath.StartsWith('/'))
            {
                errors.Add(new($"{path}.control_path", "must start with '/', e.g. /_chaos/faults."));
            }
        }

        if (chaos.Templates.Count == 0)
        {
            errors.Add(new("chaos.templates", "list at least one template, or leave the key out to use the shipped library."));
        }

        foreach (var (name, template) in chaos.Templates)
        {
            var path = $"chaos.templates.{name}";
            if (!TemplateNamePattern().IsMatch(name))
            {
                errors.Add(new(path, $"'{name}' is not a valid template name; use lower-case letters, digits, '-' or '_' (e.g. latency-spike)."));
            }

            if (template is null)
            {
                errors.Add(new(path, "is empty; give faults, probes and duration_seconds."));
                continue;
            }

            ValidateTemplate(template, path, chaos.MaxDurationSeconds, errors);
        }
    }

    private static void ValidateTemplate(ChaosTemplate t, string path, int maxDuration, List<ConfigurationError> errors)
    {
        var controlPlane = t.Target == ChaosTargetKinds.ControlPlaneStore;
        if (!controlPlane && t.Target != ChaosTargetKinds.Service)
        {
            errors.Add(new($"{path}.target", $"'{t.Target}' is not a target selector; use {ChaosTargetKinds.Service} or {ChaosTargetKinds.ControlPlaneStore}."));
        }

        if (t.DurationSeconds < 1 || t.DurationSeconds > maxDuration)
        {
            errors.Add(new($"{path}.duration_seconds", $"{t.DurationSeconds} is out of range; use 1 to chaos.max_duration_seconds ({maxDuration})."));
        }

        if (t.Faults.Count is 0 or > 16)
        {
            errors.Add(new($"{path}.faults", "give 1 to 16 faults, e.g. { type: latency, latency_ms: 500 }."));
        }

        for (var i = 0; i < t.Faults.Count; i++)
        {
            ValidateFault(t.Faults[i], $"{path}.faults[{i}]", controlPlane, errors);
        }

        if (t.Probes.Count is 0 or > 8)
        {
            errors.Add(new($"{path}.probes", "give 1 to 8 steady-state probes, e.g. { name: health, path: /health }."));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < t.Probes.Count; i++)
        {
            var p = t.Probes[i];
            var ppath = $"{path}.probes[{i}]";
            if (p is null)
            {
                errors.Add(new(ppath, "is empty; write { name, path, expected_status, latency_threshold_ms }."));
                continue;
            }

            if (!TemplateNamePattern().IsMatch(p.Name) || !names.Add(p.Name))
            {
                errors.Add(new($"{ppath}.name", $"'{p.Name}' must be a unique lower-case name (e.g. health)."));
            }

            if (p.Type == ChaosProbeType.Store && !controlPlane)
            {
                errors.Add(new($"{ppath}.type", "store probes are for control-plane:store templates; use an http probe."));
            }

            if (p.Type == ChaosProbeType.Http && (p.Path is null) == (p.Url is null))
            {
                errors.Add(new(ppath, "an http probe needs exactly one of path (on the target, e.g. /health) or url (absolute)."));
            }
            else if (p.Path is { } pp && !pp.StartsWith('/'))
            {
                errors.Add(new($"{ppath}.path", "must start with '/', e.g. /health."));
            }
            else if (p.Url is { } u && (!Uri.TryCreate(u, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                errors.Add(new($"{ppath}.url", "must be an absolute http or https URL."));
            }

            if (p.ExpectedStatus is < 100 or > 599)
            {
                errors.Add(new($"{ppath}.expected_status", $"{p.ExpectedStatus} is not an HTTP status; use 100 to 599."));
            }

            if (p.LatencyThresholdMs is < 1 or > 600_000)
            {
                errors.Add(new($"{ppath}.latency_threshold_ms", $"{p.LatencyThresholdMs} is out of range; use 1 to 600000."));
            }
        }

        if (t.SteadyState.Samples is < 1 or > 100)
        {
            errors.Add(new($"{path}.steady_state.samples", $"{t.SteadyState.Samples} is out of range; use 1 to 100."));
        }

        Ratio(t.SteadyState.MinSuccessRatio, $"{path}.steady_state.min_success_ratio", errors);
        NonNegative(t.SteadyState.MaxBurnRate, $"{path}.steady_state.max_burn_rate", errors);
        if (t.Abort.ProbeFailureRatio is { } pfr)
        {
            Ratio(pfr, $"{path}.abort.probe_failure_ratio", errors);
        }

        if (t.Abort.ErrorRatio is { } er)
        {
            Ratio(er, $"{path}.abort.error_ratio", errors);
        }

        NonNegative(t.Abort.BurnRate, $"{path}.abort.burn_rate", errors);
        if (t.Abort.MinSamples is < 1 or > 1000)
        {
            errors.Add(new($"{path}.abort.min_samples", $"{t.Abort.MinSamples} is out of range; use 1 to 1000."));
        }

        foreach (var (type, weight) in t.SeverityWeights)
        {
            if (!Enum.GetValues<ChaosFaultType>().Any(v => ChaosScoring.TypeName(v) == type))
            {
                errors.Add(new($"{path}.severity_weights.{type}", "is not a fault type; use latency, error, abort, corrupt or outage."));
            }

            if (!(weight is >= 0 and <= 100))
            {
                errors.Add(new($"{path}.severity_weights.{type}", $"{weight.ToString(CultureInfo.InvariantCulture)} is out of range; use 0 to 100."));
            }
        }
    }

    private static void ValidateFault(ChaosFault? f, string path, bool controlPlane, List<ConfigurationError> errors)
    {
        if (f is null)
        {
            errors.Add(new(path, "is empty; write { type, ... }."));
            return;
        }

        if (controlPlane && f.Type is not (ChaosFaultType.Latency or ChaosFaultType.Outage))
        {
            errors.Add(new($"{path}.type", "a control-plane:store fault is latency or outage."));
        }
        else if (!controlPlane && f.Type == ChaosFaultType.Outage)
        {
            errors.Add(new($"{path}.type", "outage is for control-plane:store templates; for a service use error (status_code 503) or abort."));
        }

        if (controlPlane && f.On != ChaosFaultScope.Target)
        {
            errors.Add(new($"{path}.on", "control-plane faults apply to the store connection itself; remove 'on'."));
        }

        Ratio(f.Rate, $"{path}.rate", errors);
        if (string.IsNullOrEmpty(f.PathPrefix) || !f.PathPrefix.StartsWith('/'))
        {
            errors.Add(new($"{path}.path_prefix", "must start with '/' ('/' matches every request)."));
        }

        if (f.Type == ChaosFaultType.Latency && (f.LatencyMs < 0 || f.JitterMs < 0 || f.LatencyMs + f.JitterMs is 0 or > 120_000))
        {
            errors.Add(new(path, "a latency fault needs latency_ms (and optional jitter_ms) adding up to 1..120000 ms."));
        }

        if (f.Type == ChaosFaultType.Error && f.StatusCode is < 400 or > 599)
        {
            errors.Add(new($"{path}.status_code", $"{f.StatusCode} is out of range; use 400 to 599."));
        }

        if (f.Severity is { } s && !(s is >= 0 and <= 100))
        {
            errors.Add(new($"{path}.severity", "is out of range; use 0 to 100."));
        }
    }

    private static void Ratio(double value, string path, List<ConfigurationError> errors)
    {
        if (!(value is >= 0 and <= 1))
        {
            errors.Add(new(path, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range; use a ratio from 0 to 1."));
        }
    }

    private static void NonNegative(double? value, string path, List<ConfigurationError> errors)
    {
        if (value is { } v && !(v is >= 0 and <= 1000))
        {
            errors.Add(new(path, $"{v.ToString(CultureInfo.InvariantCulture)} is out of range; use 0 to 1000."));
        }
    }
}
