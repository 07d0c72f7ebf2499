using ReliabilityMcp.Server.Tests.Chaos;
using ReliabilityMcp.Server.Tests.Infrastructure;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// Issue 17 item 4: a server process started with its secrets in the environment; an advisory agent's what-if dry run
/// of a command that prints its environment (<c>/usr/bin/env</c>) must show none of them.
/// </summary>
public sealed class CommandEnvironmentTests
{
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["Chaos__Token"] = "chaos-secret-3f9a1c7e5b2d",
        ["ProcessControl__Token"] = "process-secret-8d4b2a6e1c9f",
        ["Executors__printenv__Secret"] = "whsec-secret-5e7c3a1b9d2f",
        ["PAYMENTS_API_KEY"] = "payments-secret-2b8f6d4a0c1e",
    };

    [Fact]
    public async Task WhatIf_DryRunPrintsTheEnvironment_ShowsNoneOfTheServersSecrets()
    {
        // A server process of its own: starting it may take a while on a loaded machine.
        var cancellationToken = TestTimeouts.Token(TestTimeouts.ExternalTool);
        using var config = ReliabilityConfigFile.Create("""
            policies: []
            services:
              web: {}
            actions:
              scale_out: { base_risk: medium, cooldown_seconds: 0, max_executions_per_hour: 3600, executor: printenv }
            executors:
              printenv:
                command: { executable: /usr/bin/env, args: ["{target}"], dry_run_args: ["-u", "{target}"] }
            guard:
              default_mode: approval
              default_agent_mode: execute
              principals:
                agent-adv: { operating_mode: advisory }
            """);
        var settings = new Dictionary<string, string?>(RemediationTokens.Configuration())
        {
            ["Reliability:ConfigPath"] = config.FilePath,
            ["Reliability:KeyPrefix"] = $"test-{Guid.NewGuid():N}",
            ["Remediation:AllowedExecutables:0"] = "/usr/bin/env",
        };
        foreach (var (name, value) in Secrets)
        {
            settings[name] = value;
        }

        await using var server = ServerProcess.Start(settings);
        await server.WaitReadyAsync(cancellationToken);
        await using var client = await McpClients.ConnectHttpAsync(server.McpEndpoint, RemediationTokens.AdvisoryToken, McpClients.November2025, cancellationToken);

        var sut = await ExecuteAsync(client, Request("scale_out", "web"), cancellationToken);

        Assert.Equal("what_if", sut.Status);
        var printed = Assert.Single(sut.Plan!.DryRun).Output;
        Assert.Contains("PATH=", printed, StringComparison.Ordinal);
        Assert.All(Secrets.Values, secret => Assert.DoesNotContain(secret, printed, StringComparison.Ordinal));
        Assert.DoesNotContain(TestStore.ConnectionString, printed, StringComparison.Ordinal);
    }
}
