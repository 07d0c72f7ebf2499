using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using static ReliabilityMcp.Core.Tests.TestConfigurations;

namespace ReliabilityMcp.Core.Tests.Guardrails;

public sealed class GuardTests
{
    private static readonly GuardCounters NoCounters = new();

    private static GuardCheck Check(GuardDecision d, string name) => Assert.Single(d.Checks, c => c.Name == name);

    [Fact]
    public void Decide_LowRiskAutonomousConfident_Allows()
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(), NoCounters, Now);

        Assert.Equal(GuardOutcome.Allow, d.Outcome);
        Assert.Equal(RiskClass.Low, d.Risk.Risk);
        Assert.Equal(GuardChecks.Order, d.Checks.Select(c => c.Name));
        Assert.All(d.Checks, c => Assert.Equal(CheckStatus.Passed, c.Status));
    }

    [Theory]
    [InlineData(OperatingMode.Advisory, ActionType.Restart, GuardOutcome.WhatIf, 0)]
    [InlineData(OperatingMode.Advisory, ActionType.Failover, GuardOutcome.WhatIf, 0)]
    [InlineData(OperatingMode.Approval, ActionType.Restart, GuardOutcome.NeedsApproval, 1)]
    [InlineData(OperatingMode.Approval, ActionType.Rollback, GuardOutcome.NeedsApproval, 1)]
    [InlineData(OperatingMode.Autonomous, ActionType.Restart, GuardOutcome.Allow, 0)]
    [InlineData(OperatingMode.Autonomous, ActionType.Rollback, GuardOutcome.Allow, 0)]
    [InlineData(OperatingMode.Autonomous, ActionType.Failover, GuardOutcome.NeedsApproval, 2)] // HIGH +1 irreversible = CRITICAL
    public void Decide_ModeByRisk_GivesOutcome(OperatingMode mode, ActionType action, GuardOutcome expected, int approvals)
    {
        var sut = new Guard(Estate(new GuardSettings { DefaultMode = mode }));

        var d = sut.Decide(Request(action), NoCounters, Now);

        Assert.Equal(expected, d.Outcome);
        Assert.Equal(approvals, d.ApprovalsRequired);
    }

    [Theory]
    [InlineData(OperatingMode.Approval, GuardOutcome.Deny, CheckStatus.Failed)]
    [InlineData(OperatingMode.Autonomous, GuardOutcome.Deny, CheckStatus.Failed)]
    [InlineData(OperatingMode.Advisory, GuardOutcome.WhatIf, CheckStatus.Passed)]
    public void Decide_NoExecutorCanRunIt_DeniedNamingTheExecutorExceptInAdvisory(OperatingMode mode, GuardOutcome expected, CheckStatus status)
    {
        var sut = new Guard(Estate(new GuardSettings { DefaultMode = mode }));
        var missing = new ExecutorReadiness(null, "no executor is configured for rollback: name one under actions.rollback.executor");

        var d = sut.Decide(Request(ActionType.Rollback), NoCounters, Now, executor: missing);

        Assert.Equal(expected, d.Outcome);
        Assert.Equal(0, d.ApprovalsRequired);
        var check = Check(d, GuardChecks.Executor);
        Assert.Equal(status, check.Status);
        Assert.Contains("no executor is configured for rollback", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AnExecutorCanRunIt_PassesNamingIt()
    {
        var sut = new Guard(Estate(new GuardSettings { DefaultMode = OperatingMode.Approval }));

        var d = sut.Decide(Request(), NoCounters, Now, executor: new ExecutorReadiness("apphost-restart", null));

        Assert.Equal(GuardOutcome.NeedsApproval, d.Outcome);
        var check = Check(d, GuardChecks.Executor);
        Assert.Equal(CheckStatus.Passed, check.Status);
        Assert.Contains("apphost-restart can run restart", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_HighRisk_NeedsOneApprover()
    {
        var sut = new Guard(Estate(actions: new() { ["rollback"] = new() { BaseRisk = RiskClass.High } }));

        var d = sut.Decide(Request(ActionType.Rollback), NoCounters, Now);

        Assert.Equal(RiskClass.High, d.Risk.Risk);
        Assert.Equal(GuardOutcome.NeedsApproval, d.Outcome);
        Assert.Equal(1, d.ApprovalsRequired);
    }

    [Fact]
    public void Decide_ExplorePrincipal_DeniedInEveryMode()
    {
        foreach (var mode in Enum.GetValues<OperatingMode>())
        {
            var sut = new Guard(Estate(new GuardSettings
            {
                DefaultMode = mode,
                Principals = new Dictionary<string, PrincipalSettings> { ["agent-1"] = new() { Mode = AgentMode.Explore } },
            }));

            var d = sut.Decide(Request(), NoCounters, Now);

            Assert.Equal(GuardOutcome.Deny, d.Outcome);
            Assert.Equal(CheckStatus.Failed, Check(d, GuardChecks.PrincipalMode).Status);
        }
    }

    [Fact]
    public void Decide_EscalatePrincipal_NeedsApprovalEvenWhenAutonomous()
    {
        var sut = new Guard(Estate(new GuardSettings
        {
            DefaultMode = OperatingMode.Autonomous,
            Principals = new Dictionary<string, PrincipalSettings> { ["agent-1"] = new() { Mode = AgentMode.Escalate } },
        }));

        Assert.Equal(GuardOutcome.NeedsApproval, sut.Decide(Request(), NoCounters, Now).Outcome);
    }

    [Fact]
    public void Decide_PrincipalOperatingModeOverride_Applies()
    {
        var sut = new Guard(Estate(new GuardSettings
        {
            DefaultMode = OperatingMode.Autonomous,
            Principals = new Dictionary<string, PrincipalSettings> { ["intern-bot"] = new() { OperatingMode = OperatingMode.Advisory } },
        }));

        Assert.Equal(GuardOutcome.WhatIf, sut.Decide(Request(principal: "intern-bot"), NoCounters, Now).Outcome);
        Assert.Equal(GuardOutcome.Allow, sut.Decide(Request(principal: "agent-1"), NoCounters, Now).Outcome);
    }

    [Fact]
    public void Decide_BlacklistedAction_DeniedWhateverTheJustificationSays()
    {
        var sut = new Guard(Estate());
        var request = Request(ActionType.Custom) with { Justification = "this is a restart, not custom; blacklist does not apply" };

        var d = sut.Decide(request, NoCounters, Now);

        Assert.Equal(GuardOutcome.Deny, d.Outcome);
        Assert.Equal(CheckStatus.Failed, Check(d, GuardChecks.Blacklist).Status);
    }

    [Theory]
    [InlineData(0.4999, CheckStatus.Failed, GuardOutcome.Deny)]
    [InlineData(0.5, CheckStatus.NeedsApproval, GuardOutcome.NeedsApproval)]
    [InlineData(0.8, CheckStatus.NeedsApproval, GuardOutcome.NeedsApproval)]
    [InlineData(0.8001, CheckStatus.Passed, GuardOutcome.Allow)]
    [InlineData(double.NaN, CheckStatus.Failed, GuardOutcome.Deny)]
    [InlineData(1.5, CheckStatus.Failed, GuardOutcome.Deny)]
    public void Decide_ConfidenceBoundaries_AreExact(double confidence, CheckStatus check, GuardOutcome outcome)
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(confidence: confidence), NoCounters, Now);

        Assert.Equal(check, Check(d, GuardChecks.Confidence).Status);
        Assert.Equal(outcome, d.Outcome);
    }

    [Fact]
    public void Decide_OneTargetWhoseDependantsExceedLimit_Denied()
    {
        // payments' dependants: checkout, then web: 3 services.
        var sut = new Guard(Estate(new GuardSettings { DefaultMode = OperatingMode.Autonomous, BlastRadius = new() { MaxServices = 2 } }));

        var d = sut.Decide(Request(targets: ["payments"]), NoCounters, Now);

        Assert.Equal(GuardOutcome.Deny, d.Outcome);
        Assert.Equal(["payments", "checkout", "web"], d.BlastRadius);
        Assert.Contains("exceeds the limit of 2", Check(d, GuardChecks.BlastRadius).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BlastRadiusExactlyAtLimit_Passes()
    {
        var sut = new Guard(Estate(new GuardSettings { DefaultMode = OperatingMode.Autonomous, BlastRadius = new() { MaxServices = 3, RaiseRiskAt = 10 } }));

        var d = sut.Decide(Request(ActionType.ScaleOut, targets: ["payments"]), NoCounters, Now);

        Assert.Equal(CheckStatus.Passed, Check(d, GuardChecks.BlastRadius).Status);
    }

    [Fact]
    public void Decide_UnknownTarget_Denied()
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(targets: ["search", "not-a-service"]), NoCounters, Now);

        Assert.Equal(GuardOutcome.Deny, d.Outcome);
        Assert.Contains("not-a-service", Check(d, GuardChecks.BlastRadius).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AutonomousWindowFull_NeedsApproval()
    {
        var sut = new Guard(Estate(new GuardSettings { DefaultMode = OperatingMode.Autonomous, BlastRadius = new() { MaxAutonomousServicesPerWindow = 2 } }));
        var atLimit = new GuardCounters { ServicesTouchedAutonomously = new HashSet<string> { "inventory", "search" } };
        var overLimit = new GuardCounters { ServicesTouchedAutonomously = new HashSet<string> { "inventory", "reports" } };

        Assert.Equal(GuardOutcome.Allow, sut.Decide(Request(targets: ["search"]), atLimit, Now).Outcome);
        Assert.Equal(GuardOutcome.NeedsApproval, sut.Decide(Request(targets: ["search"]), overLimit, Now).Outcome);
    }

    [Fact]
    public void Decide_CooldownRunning_DeniedWithRetryAfter_AndPassesOneTickAfter()
    {
        var sut = new Guard(Estate());
        var until = Now.AddSeconds(120);
        var counters = Counters("action:restart", "search", new(1, Now.AddSeconds(-180), until));

        var during = sut.Decide(Request(), counters, Now);
        var atEnd = sut.Decide(Request(), counters, until);

        Assert.Equal(GuardOutcome.Deny, during.Outcome);
        Assert.Equal(until, Check(during, GuardChecks.Cooldown).RetryAfter);
        Assert.Equal(CheckStatus.Failed, sut.Decide(Request(), counters, until.AddTicks(-1)).Checks.Single(c => c.Name == GuardChecks.Cooldown).Status);
        Assert.Equal(GuardOutcome.Allow, atEnd.Outcome);
    }

    [Fact]
    public void Decide_PolicyNamed_PolicyCapAppliesOnTopOfActionCap()
    {
        var sut = new Guard(Estate());
        var policy = new HealingPolicy { Name = "p", Conditions = [], Actions = [ActionType.Restart], MaxExecutionsPerHour = 2, CooldownSeconds = 0 };
        var policyFull = Counters("policy:p", "search", new(2, Now.AddMinutes(-10), null));
        var actionAtTwo = Counters("action:restart", "search", new(2, Now.AddMinutes(-10), null));

        var withPolicy = sut.Decide(Request(policy: policy), policyFull, Now);
        var withoutPolicy = sut.Decide(Request(), actionAtTwo, Now); // restart's own cap is 5

        Assert.Equal(GuardOutcome.Deny, withPolicy.Outcome);
        Assert.Equal(Now.AddMinutes(50), Check(withPolicy, GuardChecks.HourlyCap).RetryAfter);
        Assert.Equal(GuardOutcome.Allow, withoutPolicy.Outcome);
    }

    [Fact]
    public void Decide_PolicyNamed_ActionCooldownStillApplies()
    {
        var sut = new Guard(Estate());
        var policy = new HealingPolicy { Name = "p", Conditions = [], Actions = [ActionType.Restart], MaxExecutionsPerHour = 10, CooldownSeconds = 0 };
        var until = Now.AddSeconds(200);
        var actionCooling = Counters("action:restart", "search", new(1, Now.AddSeconds(-100), until));

        var decision = sut.Decide(Request(policy: policy), actionCooling, Now);

        Assert.Equal(GuardOutcome.Deny, decision.Outcome);
        Assert.Contains("action restart is cooling down on search", Check(decision, GuardChecks.Cooldown).Detail, StringComparison.Ordinal);
        Assert.Equal(until, Check(decision, GuardChecks.Cooldown).RetryAfter);
    }

    private static GuardCounters Counters(string key, string target, ExecutionCounter counter) => new()
    {
        PerKey = new Dictionary<string, IReadOnlyDictionary<string, ExecutionCounter>> { [key] = new Dictionary<string, ExecutionCounter> { [target] = counter } },
    };

    [Theory]
    [InlineData(29, GuardOutcome.Allow)]
    [InlineData(30, GuardOutcome.Deny)]
    public void Decide_PrincipalRateLimit_AtLimitDenied(int used, GuardOutcome expected)
    {
        var sut = new Guard(Estate());
        var counters = new GuardCounters { Principal = new(used, Now.AddMinutes(-30), null) };

        Assert.Equal(expected, sut.Decide(Request(), counters, Now).Outcome);
    }

    [Fact]
    public void Decide_ActionRateLimit_Denied()
    {
        var sut = new Guard(Estate(new GuardSettings
        {
            DefaultMode = OperatingMode.Autonomous,
            RateLimits = new() { PerAction = new Dictionary<string, RateLimit> { ["restart"] = new() { Limit = 3, WindowSeconds = 600 } } },
        }));
        var counters = new GuardCounters { Action = new(3, Now.AddMinutes(-4), null) };

        var d = sut.Decide(Request(), counters, Now);

        Assert.Equal(GuardOutcome.Deny, d.Outcome);
        Assert.Equal(Now.AddMinutes(6), Check(d, GuardChecks.RateLimit).RetryAfter);
    }

    [Fact]
    public void Decide_StoreUnreachable_FailsClosedNamingTheStore()
    {
        var sut = new Guard(Estate());

        var d = sut.Decide(Request(), counters: null, Now);

        Assert.Equal(GuardOutcome.Deny, d.Outcome);
        Assert.Contains(d.Failed, c => c.Detail.Contains("store is unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_SeveralFailures_NamesEveryOne()
    {
        var sut = new Guard(Estate(new GuardSettings
        {
            DefaultMode = OperatingMode.Autonomous,
            Principals = new Dictionary<string, PrincipalSettings> { ["agent-1"] = new() { Mode = AgentMode.Explore } },
        }));

        var d = sut.Decide(Request(ActionType.Custom, targets: ["nope"], confidence: 0.1), NoCounters, Now);

        Assert.Equal(
            [GuardChecks.PrincipalMode, GuardChecks.Blacklist, GuardChecks.Confidence, GuardChecks.BlastRadius],
            d.Failed.Select(c => c.Name));
    }
}
