namespace ReliabilityMcp.Server.Tests.Chaos;

/// <summary>
/// A configuration for chaos tests: checkout → payments, the server itself as reliability-mcp, autonomous by default
/// with approver-bob in advisory and admin-carol in approval mode, no cooldown on chaos, and short templates.
/// </summary>
internal static class ChaosTestConfiguration
{
    public static string Yaml(ChaosEstate estate) => Yaml("""
        services:
          checkout: { depends_on: [payments] }
          payments: {}
          reliability-mcp: {}
        """, """
        actions:
          chaos_experiment: { base_risk: low, cooldown_seconds: 0, max_executions_per_hour: 3600 }
        """, estate.ChaosTargetsYaml());

    /// <summary>The same guard settings and templates over other services, action catalogue and chaos targets.</summary>
    public static string Yaml(string services, string actions, string targets) => $$"""
        {{services}}
        {{actions}}
        guard:
          default_mode: autonomous
          principals:
            approver-bob: { operating_mode: advisory }
            admin-carol: { operating_mode: approval }
          blast_radius: { max_autonomous_services_per_window: 100 }
          rate_limits:
            per_principal: { limit: 1000, window_seconds: 3600 }
        chaos:
          watch_interval_seconds: 1
          recovery_timeout_seconds: 15
        {{targets}}
          templates:
            slow-orders:
              duration_seconds: 3
              faults: [{ type: latency, latency_ms: 300, path_prefix: /api }]
              probes: [{ name: orders, path: /api/orders, latency_threshold_ms: 5000 }]
              steady_state: { samples: 2 }
            storm:
              duration_seconds: 60
              faults: [{ type: error, status_code: 503 }]
              probes: [{ name: health, path: /health }]
              abort: { probe_failure_ratio: 0.5, min_samples: 2 }
            broken-probe:
              duration_seconds: 5
              faults: [{ type: error }]
              probes: [{ name: missing, path: /missing }]
            payments-down:
              duration_seconds: 3
              faults: [{ type: error, on: dependencies, status_code: 503 }]
              probes: [{ name: pay, path: /api/pay }, { name: orders, path: /api/orders }]
              abort: { probe_failure_ratio: 1 }
            long-slow:
              duration_seconds: 8
              faults: [{ type: latency, latency_ms: 100 }]
              probes: [{ name: health, path: /health }]
            store-outage:
              target: control-plane:store
              duration_seconds: 6
              faults: [{ type: outage }]
              probes: [{ name: store, type: store, latency_threshold_ms: 1000 }]
              steady_state: { samples: 2 }
              abort: { probe_failure_ratio: 1 }
        """;

    public static Dictionary<string, string?> Settings(string configPath, string keyPrefix)
    {
        var settings = Infrastructure.TestTokens.Configuration();
        settings["Reliability:ConfigPath"] = configPath;
        settings["Reliability:KeyPrefix"] = keyPrefix;
        settings["Chaos:Token"] = ChaosEstate.Token;
        settings["Chaos:ProbeIntervalMilliseconds"] = "100";
        settings["Chaos:LeaseSeconds"] = "3";
        settings["Chaos:OrphanScanSeconds"] = "1";
        // These tests check what a run does, not the fail-closed figures (their own tests use a paused store): a loaded
        // machine must not turn a slow store answer into a fail-closed denial.
        settings["Reliability:StoreBudgetMilliseconds"] = "20000";
        settings["Reliability:FailClosedBudgetMilliseconds"] = "20000";
        return settings;
    }
}
