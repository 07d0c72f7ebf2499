using System.Globalization;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// The one decision path for every state-changing request (shared/DESIGN.md §4). Pure: configuration,
/// request, counter state and the current time in; a decision with every check's result out. The checks run
/// in the fixed order of <see cref="GuardChecks.Order"/>; all of them run, so a denial names every reason.
/// </summary>
public sealed class Guard
{
    private readonly ReliabilityConfiguration _config;
    private readonly ServiceGraph _graph;

    /// <summary>Creates a guard over a validated configuration.</summary>
    public Guard(ReliabilityConfiguration config)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _graph = new ServiceGraph(config);
    }

    /// <summary>The configuration this guard decides with.</summary>
    public ReliabilityConfiguration Configuration => _config;

    /// <summary>The service graph.</summary>
    public ServiceGraph Graph => _graph;

    /// <summary>
    /// Decides <paramref name="request"/>. <paramref name="counters"/> is null when the store is unreachable: the
    /// counter checks then fail, so state changes fail closed. <paramref name="slo"/> carries the targets' SLO
    /// signals for the SLO gate; null when no SLO engine was consulted (the gate then passes). <paramref name="observed"/>
    /// is the server's own telemetry of the targets, which a named policy must match; null when none was consulted.
    /// <paramref name="executor"/> says whether the host can run the action on the targets; null when not consulted.
    /// </summary>
    public GuardDecision Decide(
        GuardRequest request, GuardCounters? counters, DateTimeOffset now, SloGateSignals? slo = null, ObservedTelemetry? observed = null, ExecutorReadiness? executor = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = _config.Guard;
        var checks = new List<GuardCheck>(GuardChecks.Order.Count);
        var definition = _config.ActionFor(request.Action);
        var blastRadius = _graph.BlastRadius(request.Targets);
        var risk = RiskAssessor.Assess(request.Action, definition, blastRadius, _graph, settings.BlastRadius);
        var mode = settings.OperatingModeOf(request.Principal);

        checks.Add(settings.AgentModeOf(request.Principal) switch
        {
            AgentMode.Explore => Fail(GuardChecks.PrincipalMode, $"{request.Principal} is in explore mode: read-only tools only, state changes are denied"),
            AgentMode.Escalate => Approve(GuardChecks.PrincipalMode, $"{request.Principal} is in escalate mode: every state change needs approval"),
            _ => Pass(GuardChecks.PrincipalMode, $"{request.Principal} is in execute mode"),
        });

        checks.Add(mode switch
        {
            OperatingMode.Advisory => Pass(GuardChecks.OperatingMode, "advisory mode: the plan is returned as what-if; nothing runs"),
            OperatingMode.Approval => Approve(GuardChecks.OperatingMode, "approval mode: every action needs approval"),
            _ => Pass(GuardChecks.OperatingMode, "autonomous mode: runs when every check passes"),
        });

        checks.Add(definition.Blacklisted
            ? Fail(GuardChecks.Blacklist, $"{request.Action.ToWireName()} is blacklisted in the action catalogue")
            : Pass(GuardChecks.Blacklist, $"{request.Action.ToWireName()} is not blacklisted"));
        checks.Add(CheckExecutor(request, mode, executor));

        var riskName = risk.Risk.ToString().ToUpperInvariant();
        checks.Add(risk.Risk switch
        {
            RiskClass.Critical => Approve(GuardChecks.RiskClass, $"CRITICAL risk needs two distinct approvers: {string.Join("; ", risk.Reasons)}"),
            RiskClass.High => Approve(GuardChecks.RiskClass, $"HIGH risk needs one approver: {string.Join("; ", risk.Reasons)}"),
            _ => Pass(GuardChecks.RiskClass, $"{riskName} risk: {string.Join("; ", risk.Reasons)}"),
        });

        checks.Add(CheckConfidence(request.Confidence, settings.Confidence));
        checks.Add(CheckBlastRadius(request, blastRadius, settings.BlastRadius));
        checks.Add(CheckAutonomousWindow(request, mode, counters, settings.BlastRadius));
        checks.Add(CheckFreeze(risk.Risk, settings, now));
        checks.Add(CheckBusinessHours(risk.Risk, settings, now));
        checks.Add(CheckPolicyMatch(request, observed));
        var keys = CounterKey.For(request, _config);
        checks.Add(CheckCooldown(request, counters, keys, now));
        checks.Add(CheckHourlyCap(request, counters, keys));
        checks.Add(CheckRateLimits(request, counters, settings.RateLimits));
        checks.Add(CheckSloBudget(request, mode, risk.Risk, slo, _config.Slos.ChaosMinBudgetRemaining));

        var outcome = checks.Any(c => c.Status == CheckStatus.Failed) ? GuardOutcome.Deny
            : mode == OperatingMode.Advisory ? GuardOutcome.WhatIf
            : checks.Any(c => c.Status == CheckStatus.NeedsApproval) ? GuardOutcome.NeedsApproval
            : GuardOutcome.Allow;
        return new GuardDecision
        {
            Outcome = outcome,
            ApprovalsRequired = outcome == GuardOutcome.NeedsApproval ? (risk.Risk == RiskClass.Critical ? 2 : 1) : 0,
            Risk = risk,
            BlastRadius = blastRadius,
            OperatingMode = mode,
            Checks = checks,
        };
    }

    private static GuardCheck CheckExecutor(GuardRequest request, OperatingMode mode, ExecutorReadiness? executor)
    {
        if (executor is null)
        {
            return Pass(GuardChecks.Executor, "no executor catalogue consulted");
        }

        if (executor.Problem is not { } problem)
        {
            return Pass(GuardChecks.Executor, $"{executor.Executor} can run {request.Action.ToWireName()} on the targets");
        }

        // Advisory mode runs nothing: the what-if plan says it could not run, and why.
        return mode == OperatingMode.Advisory
            ? Pass(GuardChecks.Executor, $"advisory mode: nothing runs, but it could not: {problem}")
            : Fail(GuardChecks.Executor, $"nothing could run it, so it is neither run nor held for approval: {problem}");
    }

    private static GuardCheck CheckConfidence(double confidence, ConfidenceSettings thresholds)
    {
        var c = F(confidence);
        if (!double.IsFinite(confidence) || confidence is < 0 or > 1)
        {
            return Fail(GuardChecks.Confidence, $"confidence {c} is not a number between 0 and 1");
        }

        if (confidence < thresholds.EscalateBelow)
        {
            return Fail(GuardChecks.Confidence, $"confidence {c} < {F(thresholds.EscalateBelow)}: escalate to a human; no action is taken");
        }

        return confidence <= thresholds.AutonomousAbove
            ? Approve(GuardChecks.Confidence, $"confidence {c} is at most {F(thresholds.AutonomousAbove)}: a human must approve")
            : Pass(GuardChecks.Confidence, $"confidence {c} > {F(thresholds.AutonomousAbove)}");
    }

    private GuardCheck CheckBlastRadius(GuardRequest request, IReadOnlyList<string> blastRadius, BlastRadiusSettings limits)
    {
        if (request.Targets.Count == 0)
        {
            return Fail(GuardChecks.BlastRadius, "no targets given");
        }

        var unknown = request.Targets.Where(t => !_graph.Contains(t)).ToList();
        if (unknown.Count > 0)
        {
            return Fail(GuardChecks.BlastRadius, $"unknown service(s) {string.Join(", ", unknown)}: not in the configured service graph, so the blast radius cannot be computed");
        }

        var listed = string.Join(", ", blastRadius);
        return blastRadius.Count > limits.MaxServices
            ? Fail(GuardChecks.BlastRadius, $"{blastRadius.Count} services affected ({listed}) exceeds the limit of {limits.MaxServices}")
            : Pass(GuardChecks.BlastRadius, $"{blastRadius.Count} service(s) affected ({listed}), limit {limits.MaxServices}");
    }

    private static GuardCheck CheckAutonomousWindow(GuardRequest request, OperatingMode mode, GuardCounters? counters, BlastRadiusSettings limits)
    {
        if (mode != OperatingMode.Autonomous)
        {
            return Pass(GuardChecks.AutonomousWindow, "not an autonomous execution");
        }

        if (counters is null)
        {
            return StoreDown(GuardChecks.AutonomousWindow);
        }

        var touched = new HashSet<string>(counters.ServicesTouchedAutonomously, StringComparer.Ordinal);
        touched.UnionWith(request.Targets);
        return touched.Count > limits.MaxAutonomousServicesPerWindow
            ? Approve(GuardChecks.AutonomousWindow, $"{touched.Count} distinct services would be touched autonomously within {limits.WindowMinutes} min (limit {limits.MaxAutonomousServicesPerWindow}): a human must approve")
            : Pass(GuardChecks.AutonomousWindow, $"{touched.Count} of {limits.MaxAutonomousServicesPerWindow} services touched autonomously within {limits.WindowMinutes} min");
    }

    private static GuardCheck CheckFreeze(RiskClass risk, GuardSettings settings, DateTimeOffset now)
    {
        if (FreezeCalendar.ActiveFreeze(settings.ChangeFreezes, now) is not { } active)
        {
            return Pass(GuardChecks.ChangeFreeze, "no change freeze in force");
        }

        var where = $"change freeze '{active.Freeze.Name}' ({active.Freeze.TimeZone}) until {active.EndsAt:O}";
        return risk == RiskClass.Low
            ? Pass(GuardChecks.ChangeFreeze, $"{where}; LOW-risk actions may still run")
            : Fail(GuardChecks.ChangeFreeze, $"{where}: only LOW-risk actions run, this one is {risk.ToString().ToUpperInvariant()}", active.EndsAt);
    }

    private static GuardCheck CheckBusinessHours(RiskClass risk, GuardSettings settings, DateTimeOffset now)
    {
        if (settings.BusinessHours is not { } hours)
        {
            return Pass(GuardChecks.BusinessHours, "no business-hours rule configured");
        }

        if (risk < hours.MinRisk)
        {
            return Pass(GuardChecks.BusinessHours, $"{risk.ToString().ToUpperInvariant()} risk is below the business-hours rule ({hours.MinRisk.ToString().ToUpperInvariant()} and above)");
        }

        return FreezeCalendar.InBusinessHours(hours, now)
            ? Pass(GuardChecks.BusinessHours, $"inside business hours ({hours.TimeZone})")
            : Approve(GuardChecks.BusinessHours, $"outside business hours ({string.Join("/", hours.Days)} {hours.From:HH\\:mm}-{hours.To:HH\\:mm} {hours.TimeZone}): a human must approve");
    }

    private static GuardCheck CheckPolicyMatch(GuardRequest request, ObservedTelemetry? observed)
    {
        if (request.Policy is not { } policy)
        {
            return Pass(GuardChecks.PolicyMatch, "no policy named: the action's own cooldown and hourly cap apply");
        }

        var name = $"policy {policy.Name}";
        if (!policy.Enabled)
        {
            return Fail(GuardChecks.PolicyMatch, $"{name} is disabled");
        }

        var outside = request.Targets.Where(t => !policy.AppliesTo(t)).ToList();
        if (outside.Count > 0)
        {
            return Fail(GuardChecks.PolicyMatch, $"{name} does not cover {string.Join(", ", outside)} (it covers {string.Join(", ", policy.Services)})");
        }

        if (observed?.Problem is { } problem)
        {
            return Fail(GuardChecks.PolicyMatch, $"the server's telemetry of the targets could not be read ({problem}), so {name} cannot be checked against it");
        }

        var mismatches = new List<string>();
        var judged = new List<string>();
        foreach (var target in request.Targets)
        {
            if (observed?.ByTarget.GetValueOrDefault(target) is not { } measured)
            {
                continue;
            }

            foreach (var condition in policy.Conditions)
            {
                if (measured.TryGet(condition.Metric, out var value))
                {
                    var seen = $"{target}: {condition.Metric} is {PolicyEvaluator.Format(value)}";
                    (condition.IsSatisfiedBy(value) ? judged : mismatches).Add($"{seen}, the condition is {condition}");
                }
            }
        }

        if (mismatches.Count > 0)
        {
            return Fail(GuardChecks.PolicyMatch, $"{name} does not match the telemetry the server measured ({string.Join("; ", mismatches)})");
        }

        return Pass(GuardChecks.PolicyMatch, judged.Count > 0
            ? $"{name} matches the telemetry the server measured ({string.Join("; ", judged)}); its cooldown and hourly cap apply on top of the action's"
            : $"{name} named; the server measures none of its metrics on the targets; its cooldown and hourly cap apply on top of the action's");
    }

    private static GuardCheck CheckCooldown(GuardRequest request, GuardCounters? counters, IReadOnlyList<CounterKey> keys, DateTimeOffset now)
    {
        if (counters is null)
        {
            return StoreDown(GuardChecks.Cooldown);
        }

        var cooling = keys
            .SelectMany(k => request.Targets.Select(t => (Key: k, Target: t, Until: counters.For(k.Key, t).CooldownUntil)))
            .Where(x => x.Until is { } until && until > now)
            .ToList();
        if (cooling.Count == 0)
        {
            return Pass(GuardChecks.Cooldown, $"no cooldown running on the targets ({string.Join(", ", keys.Select(k => $"{k.Label}: {k.CooldownSeconds} s"))})");
        }

        var latest = cooling.Max(x => x.Until!.Value);
        return Fail(GuardChecks.Cooldown,
            string.Join("; ", cooling.Select(x => $"{x.Key.Label} is cooling down on {x.Target} until {x.Until!.Value:O} ({x.Key.CooldownSeconds} s cooldown)")), latest);
    }

    private static GuardCheck CheckHourlyCap(GuardRequest request, GuardCounters? counters, IReadOnlyList<CounterKey> keys)
    {
        if (counters is null)
        {
            return StoreDown(GuardChecks.HourlyCap);
        }

        var full = keys
            .SelectMany(k => request.Targets.Select(t => (Key: k, Target: t, Counter: counters.For(k.Key, t))))
            .Where(x => x.Counter.Count >= x.Key.MaxExecutionsPerHour)
            .ToList();
        if (full.Count == 0)
        {
            return Pass(GuardChecks.HourlyCap, $"below the hourly cap on every target ({string.Join(", ", keys.Select(k => $"{k.Label}: {k.MaxExecutionsPerHour} per hour"))})");
        }

        var frees = full.Max(x => (x.Counter.Oldest ?? DateTimeOffset.MinValue) + TimeSpan.FromHours(1));
        return Fail(GuardChecks.HourlyCap,
            string.Join("; ", full.Select(x => $"{x.Key.Label} reached {x.Key.MaxExecutionsPerHour} executions per hour on {x.Target}")), frees);
    }

    private static GuardCheck CheckRateLimits(GuardRequest request, GuardCounters? counters, RateLimitSettings limits)
    {
        if (counters is null)
        {
            return StoreDown(GuardChecks.RateLimit);
        }

        var failures = new List<string>();
        DateTimeOffset? retry = null;
        if (counters.Principal.Count >= limits.PerPrincipal.Limit)
        {
            failures.Add($"{request.Principal} used {counters.Principal.Count} of {limits.PerPrincipal.Limit} executions per {limits.PerPrincipal.WindowSeconds} s");
            retry = (counters.Principal.Oldest ?? DateTimeOffset.MinValue) + TimeSpan.FromSeconds(limits.PerPrincipal.WindowSeconds);
        }

        if (limits.ForAction(request.Action) is { } actionLimit && counters.Action.Count >= actionLimit.Limit)
        {
            failures.Add($"{request.Action.ToWireName()} used {counters.Action.Count} of {actionLimit.Limit} executions per {actionLimit.WindowSeconds} s");
            var actionRetry = (counters.Action.Oldest ?? DateTimeOffset.MinValue) + TimeSpan.FromSeconds(actionLimit.WindowSeconds);
            retry = retry is { } r && r > actionRetry ? r : actionRetry;
        }

        return failures.Count > 0
            ? Fail(GuardChecks.RateLimit, string.Join("; ", failures), retry)
            : Pass(GuardChecks.RateLimit, "within the per-principal and per-action rate limits");
    }

    private static GuardCheck CheckSloBudget(GuardRequest request, OperatingMode mode, RiskClass risk, SloGateSignals? slo, double chaosMinimum)
    {
        if (slo is null)
        {
            return Pass(GuardChecks.SloBudget, "no SLO signals consulted");
        }

        var chaos = request.Action == ActionType.ChaosExperiment;
        // Only autonomous MEDIUM-and-above execution is gated: LOW actions stay available to stop the bleeding.
        var gated = mode == OperatingMode.Autonomous && risk >= RiskClass.Medium;
        if (slo.Problem is { } problem)
        {
            var unknown = $"SLO state unknown ({problem})";
            return chaos ? Fail(GuardChecks.SloBudget, $"{unknown}: chaos is refused while error budgets cannot be checked")
                : gated ? Approve(GuardChecks.SloBudget, $"{unknown}: autonomous {Name(risk)} actions need approval until budgets can be checked")
                : Pass(GuardChecks.SloBudget, $"{unknown}; not gating: {(mode == OperatingMode.Autonomous ? "LOW risk" : "not an autonomous execution")}");
        }

        var exhausted = new List<string>();
        var nearlySpent = new List<string>();
        var healthy = new List<string>();
        foreach (var target in request.Targets)
        {
            if (slo.ByTarget.GetValueOrDefault(target) is not { } s)
            {
                continue;
            }

            var left = ErrorBudgetText.Describe(s.BudgetRemainingFraction);
            if (s.LowTraffic)
            {
                healthy.Add($"SLO '{s.Slo}' on {target}: too little traffic for a verdict");
            }
            else if (s.PageAlert || s.BudgetRemainingFraction <= SloEvaluator.Tolerance)
            {
                var why = s.PageAlert ? $"a page-level burn alert fires (1h burn {s.BurnRate1h:0.##}, 5m burn {s.BurnRate5m:0.##}), {left}" : left;
                exhausted.Add($"SLO '{s.Slo}' on {target}: {why}");
            }
            else if (s.BudgetRemainingFraction < chaosMinimum)
            {
                nearlySpent.Add($"SLO '{s.Slo}' on {target}: {left}, below the {chaosMinimum * 100:0.#}% chaos needs");
            }
            else
            {
                healthy.Add($"SLO '{s.Slo}' on {target}: {left}");
            }
        }

        if (chaos && exhausted.Count + nearlySpent.Count > 0)
        {
            return Fail(GuardChecks.SloBudget, $"chaos refused: {string.Join("; ", exhausted.Concat(nearlySpent))}");
        }

        if (exhausted.Count > 0)
        {
            return gated
                ? Approve(GuardChecks.SloBudget, $"{string.Join("; ", exhausted)}: autonomous {Name(risk)} actions on it need approval")
                : Pass(GuardChecks.SloBudget, $"{string.Join("; ", exhausted)}; not gating: {(mode == OperatingMode.Autonomous ? "LOW risk" : "not an autonomous execution")}");
        }

        return Pass(GuardChecks.SloBudget, healthy.Count == 0 ? "no SLO defined on the targets" : string.Join("; ", healthy.Concat(nearlySpent)));
    }

    private static string Name(RiskClass risk) => risk.ToString().ToUpperInvariant();

    private static GuardCheck StoreDown(string check) =>
        Fail(check, "state unknown: the store is unreachable, so state changes fail closed");

    private static GuardCheck Pass(string name, string detail) => new(name, CheckStatus.Passed, detail);

    private static GuardCheck Approve(string name, string detail) => new(name, CheckStatus.NeedsApproval, detail);

    private static GuardCheck Fail(string name, string detail, DateTimeOffset? retryAfter = null) => new(name, CheckStatus.Failed, detail, retryAfter);

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
