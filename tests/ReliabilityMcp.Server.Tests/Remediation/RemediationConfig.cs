using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// The reliability file for remediation tests: isolated services (blast radius 1) with LOW/MEDIUM/HIGH/CRITICAL actions,
/// webhook executors pointing at the in-test receiver, a command executor running an argv-printing script, no
/// cooldowns (so tests do not depend on each other), one agent per operating mode.
/// </summary>
internal static class RemediationConfig
{
    public const string WebhookSecret = "whsec-test-5a1c9e3b7d2f4a6e8c0b";

    /// <summary>The YAML text.</summary>
    public static string Text(string receiver, string script, string extraGuard = "") => $$"""
        policies: []
        services:
          web: { health_check: { url: "{{receiver}}/health/web", attempts: 1, interval_seconds: 0, timeout_seconds: 5 } }
          api: { health_check: { url: "{{receiver}}/health/api", attempts: 1, interval_seconds: 0, timeout_seconds: 5 } }
          batch: {}
          vault: { data_sensitivity: restricted, compliance: [pci] }
        actions:
          restart:         { base_risk: low,    cooldown_seconds: 0, max_executions_per_hour: 3600, executor: hook }
          scale_out:       { base_risk: medium, cooldown_seconds: 0, max_executions_per_hour: 3600, executor: argv }
          alert_team:      { base_risk: low,    cooldown_seconds: 0, max_executions_per_hour: 3600, executor: argv }
          rollback:        { base_risk: high,   cooldown_seconds: 0, max_executions_per_hour: 3600, executor: hook }
          failover:        { base_risk: high,   reversible: false, cooldown_seconds: 0, max_executions_per_hour: 3600, executor: hook }
          circuit_breaker: { base_risk: low,    cooldown_seconds: 0, max_executions_per_hour: 3600, executor: flaky }
          traffic_shift:   { base_risk: low,    cooldown_seconds: 0, max_executions_per_hour: 3600, executor: unlisted }
          custom:          { base_risk: high,   blacklisted: true }
        executors:
          hook:
            webhook: { url: "{{receiver}}/hook/main", retries: 0, circuit_breaker: { failure_threshold: 100, break_seconds: 60 } }
          flaky:
            webhook: { url: "{{receiver}}/hook/flaky", retries: 0, circuit_breaker: { failure_threshold: 2, break_seconds: 3600 } }
          argv:
            command:
              executable: {{script}}
              args: ["{action}", "{target}", "{param.note}"]
              dry_run_args: ["--dry-run", "{action}", "{target}"]
              inverse_args: ["undo", "{target}"]
              timeout_seconds: 30
              max_output_bytes: 4096
          unlisted:
            command: { executable: /bin/true, args: ["{target}"] }
        guard:
          default_mode: approval
          default_agent_mode: execute
          principals:
            agent-auto: { operating_mode: autonomous }
            agent-adv: { operating_mode: advisory }
            agent-appr: { operating_mode: approval }
            agent-explore: { mode: explore }
          blast_radius: { max_services: 5, raise_risk_at: 3, max_autonomous_services_per_window: 100, window_minutes: 60 }
          confidence: { escalate_below: 0.5, autonomous_above: 0.8 }
        {{extraGuard}}
          rate_limits:
            per_principal: { limit: 100000, window_seconds: 3600 }
        """;

    /// <summary>Writes an executable script that prints each argument on its own line as <c>&lt;arg&gt;</c>.</summary>
    public static string WriteArgvScript()
    {
        var path = Path.Combine(RepositoryPaths.NewTempDirectory("argv-script"), "argv.sh");
        File.WriteAllText(path, "#!/bin/sh\nfor a in \"$@\"; do printf '<%s>\\n' \"$a\"; done\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The argv script is a POSIX shell script.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return path;
    }
}
