using System.Globalization;
using System.Text.RegularExpressions;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Core.Configuration;

/// <summary>Validates a <see cref="ReliabilityConfiguration"/>: every error names its path and says what to write instead.</summary>
public static partial class ConfigurationValidator
{
    /// <summary>Service names: <c>^[a-z0-9][a-z0-9-]{0,62}$</c>.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    public static partial Regex ServiceNamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>All problems in <paramref name="config"/>; empty when it is valid.</summary>
    public static IReadOnlyList<ConfigurationError> Validate(ReliabilityConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<ConfigurationError>();
        ValidatePolicies(config, errors);
        ValidateServices(config, errors);
        ValidateActions(config, errors);
        ValidateGuard(config.Guard, errors);
        ExecutorValidator.Validate(config, errors);
        Chaos.ChaosValidator.Validate(config, errors);
        SloConfigurationValidator.Validate(config, errors);
        return errors;
    }

    private static void ValidatePolicies(ReliabilityConfiguration config, List<ConfigurationError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Policies.Count; i++)
        {
            var p = config.Policies[i];
            var path = $"policies[{i}]";
            if (p is null)
            {
                errors.Add(new(path, "is empty; write a policy with name, conditions, actions and priority."));
                continue;
            }

            if (!NamePattern().IsMatch(p.Name))
            {
                errors.Add(new($"{path}.name", $"'{p.Name}' is not a valid policy name; use lower-case letters, digits, '-' or '_' (e.g. high-latency-restart)."));
            }
            else if (!names.Add(p.Name))
            {
                errors.Add(new($"{path}.name", $"policy name '{p.Name}' is used twice; names must be unique."));
            }

            if (p.Priority is < 1 or > 5)
            {
                errors.Add(new($"{path}.priority", $"{p.Priority} is out of range; priority is 1 (first) to 5."));
            }

            if (p.CooldownSeconds is < 0 or > 604_800)
            {
                errors.Add(new($"{path}.cooldown_seconds", $"{p.CooldownSeconds} is out of range; use 0 to 604800 seconds (one week)."));
            }

            if (p.MaxExecutionsPerHour is < 1 or > 3600)
            {
                errors.Add(new($"{path}.max_executions_per_hour", $"{p.MaxExecutionsPerHour} is out of range; use 1 to 3600."));
            }

            if (p.Conditions.Count == 0)
            {
                errors.Add(new($"{path}.conditions", "a policy needs at least one condition, e.g. { metric: latency_p99, operator: gt, threshold: 500 }."));
            }

            for (var c = 0; c < p.Conditions.Count; c++)
            {
                var cond = p.Conditions[c];
                var cpath = $"{path}.conditions[{c}]";
                if (cond is null)
                {
                    errors.Add(new(cpath, "is empty; write { metric, operator, threshold }."));
                    continue;
                }

                if (!TelemetryMetrics.Standard.Contains(cond.Metric) && !TelemetryMetrics.CustomNamePattern().IsMatch(cond.Metric))
                {
                    errors.Add(new($"{cpath}.metric", $"'{cond.Metric}' is not a metric; use one of {string.Join(", ", TelemetryMetrics.Standard)} or a custom name matching ^[a-z][a-z0-9_.]{{0,63}}$."));
                }
                else if (TelemetryMetrics.ValidateValue(cond.Metric, cond.Threshold) is { } bad)
                {
                    errors.Add(new($"{cpath}.threshold", bad));
                }
            }

            if (p.Actions.Count == 0)
            {
                errors.Add(new($"{path}.actions", $"a policy needs at least one action; use any of {string.Join(", ", ActionTypeNames.All)}."));
            }

            for (var s = 0; s < p.Services.Count; s++)
            {
                if (!config.Services.ContainsKey(p.Services[s]))
                {
                    errors.Add(new($"{path}.services[{s}]", $"service '{p.Services[s]}' is not in the service graph; add it under services or remove it here."));
                }
            }
        }
    }

    private static void ValidateServices(ReliabilityConfiguration config, List<ConfigurationError> errors)
    {
        foreach (var (name, node) in config.Services)
        {
            var path = $"services.{name}";
            if (!ServiceNamePattern().IsMatch(name))
            {
                errors.Add(new(path, $"'{name}' is not a valid service name; use ^[a-z0-9][a-z0-9-]{{0,62}}$ (e.g. checkout-api)."));
            }

            if (node is null)
            {
                continue;
            }

            for (var d = 0; d < node.DependsOn.Count; d++)
            {
                var dep = node.DependsOn[d];
                if (!config.Services.ContainsKey(dep))
                {
                    errors.Add(new($"{path}.depends_on[{d}]", $"'{dep}' is not a service in the graph; declare it under services."));
                }
                else if (dep == name)
                {
                    errors.Add(new($"{path}.depends_on[{d}]", "a service cannot depend on itself."));
                }
            }

            if (node.Replicas is < 0 or > 100_000)
            {
                errors.Add(new($"{path}.replicas", $"{node.Replicas} is out of range; use 0 to 100000."));
            }
        }
    }

    private static void ValidateActions(ReliabilityConfiguration config, List<ConfigurationError> errors)
    {
        foreach (var (name, def) in config.Actions)
        {
            var path = $"actions.{name}";
            if (!ActionTypeNames.TryParse(name, out _))
            {
                errors.Add(new(path, $"'{name}' is not an action type; use one of {string.Join(", ", ActionTypeNames.All)}."));
            }

            if (def is null)
            {
                continue;
            }

            if (def.CooldownSeconds is < 0 or > 604_800)
            {
                errors.Add(new($"{path}.cooldown_seconds", $"{def.CooldownSeconds} is out of range; use 0 to 604800."));
            }

            if (def.MaxExecutionsPerHour is < 1 or > 3600)
            {
                errors.Add(new($"{path}.max_executions_per_hour", $"{def.MaxExecutionsPerHour} is out of range; use 1 to 3600."));
            }
        }
    }

    private static void ValidateGuard(GuardSettings guard, List<ConfigurationError> errors)
    {
        var b = guard.BlastRadius;
        if (b.MaxServices is < 1 or > 10_000)
        {
            errors.Add(new("guard.blast_radius.max_services", $"{b.MaxServices} is out of range; use 1 to 10000."));
        }

        if (b.RaiseRiskAt < 1)
        {
            errors.Add(new("guard.blast_radius.raise_risk_at", $"{b.RaiseRiskAt} must be at least 1."));
        }

        if (b.MaxAutonomousServicesPerWindow < 0)
        {
            errors.Add(new("guard.blast_radius.max_autonomous_services_per_window", "must be 0 or more."));
        }

        if (b.WindowMinutes is < 1 or > 10_080)
        {
            errors.Add(new("guard.blast_radius.window_minutes", $"{b.WindowMinutes} is out of range; use 1 to 10080 (one week)."));
        }

        var c = guard.Confidence;
        if (!(c.EscalateBelow is >= 0 and <= 1) || !(c.AutonomousAbove is >= 0 and <= 1) || c.EscalateBelow > c.AutonomousAbove)
        {
            errors.Add(new("guard.confidence", $"thresholds must satisfy 0 <= escalate_below <= autonomous_above <= 1; got {c.EscalateBelow.ToString(CultureInfo.InvariantCulture)} and {c.AutonomousAbove.ToString(CultureInfo.InvariantCulture)}."));
        }

        for (var i = 0; i < guard.ChangeFreezes.Count; i++)
        {
            var f = guard.ChangeFreezes[i];
            var path = $"guard.change_freezes[{i}]";
            if (ZonedTime.FindZone(f.TimeZone) is null)
            {
                errors.Add(new($"{path}.time_zone", $"'{f.TimeZone}' is not an IANA time zone; use e.g. Europe/Berlin or America/New_York."));
            }

            var absolute = f.Start is not null || f.End is not null;
            var weekly = f.Days.Count > 0 || f.From is not null || f.To is not null;
            if (absolute == weekly)
            {
                errors.Add(new(path, "give either start and end (local times, e.g. 2026-12-24T00:00) or days with from and to (e.g. days: [sat, sun], from: '00:00', to: '23:59'), not both."));
            }
            else if (absolute && (f.Start is null || f.End is null || f.End <= f.Start))
            {
                errors.Add(new(path, "an absolute freeze needs both start and end, with end after start."));
            }
            else if (weekly)
            {
                ValidateDays(f.Days, $"{path}.days", errors);
                if (f.From is null || f.To is null)
                {
                    errors.Add(new(path, "a weekly freeze needs from and to (HH:mm)."));
                }
            }
        }

        if (guard.BusinessHours is { } hours)
        {
            if (ZonedTime.FindZone(hours.TimeZone) is null)
            {
                errors.Add(new("guard.business_hours.time_zone", $"'{hours.TimeZone}' is not an IANA time zone; use e.g. Europe/London."));
            }

            ValidateDays(hours.Days, "guard.business_hours.days", errors);
        }

        ValidateRate(guard.RateLimits.PerPrincipal, "guard.rate_limits.per_principal", errors);
        foreach (var (action, limit) in guard.RateLimits.PerAction)
        {
            if (!ActionTypeNames.TryParse(action, out _))
            {
                errors.Add(new($"guard.rate_limits.per_action.{action}", $"'{action}' is not an action type; use one of {string.Join(", ", ActionTypeNames.All)}."));
            }

            ValidateRate(limit, $"guard.rate_limits.per_action.{action}", errors);
        }
    }

    private static void ValidateDays(IReadOnlyList<string> days, string path, List<ConfigurationError> errors)
    {
        if (days.Count == 0)
        {
            errors.Add(new(path, "list at least one day (mon, tue, wed, thu, fri, sat, sun)."));
        }

        for (var d = 0; d < days.Count; d++)
        {
            if (!ZonedTime.TryParseDay(days[d], out _))
            {
                errors.Add(new($"{path}[{d}]", $"'{days[d]}' is not a day; use mon, tue, wed, thu, fri, sat or sun."));
            }
        }
    }

    private static void ValidateRate(RateLimit? limit, string path, List<ConfigurationError> errors)
    {
        if (limit is null)
        {
            return;
        }

        if (limit.Limit is < 1 or > 1_000_000)
        {
            errors.Add(new($"{path}.limit", $"{limit.Limit} is out of range; use 1 to 1000000."));
        }

        if (limit.WindowSeconds is < 1 or > 604_800)
        {
            errors.Add(new($"{path}.window_seconds", $"{limit.WindowSeconds} is out of range; use 1 to 604800."));
        }
    }
}
