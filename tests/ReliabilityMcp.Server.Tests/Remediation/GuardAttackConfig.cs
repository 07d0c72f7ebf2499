namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// The reliability file of the guard attack tests (issue 17): eight isolated services, restart with the shipped 300 s
/// cooldown, two restart policies the services' telemetry does not call for, an availability SLO on s9 (the server
/// then holds its telemetry), and an autonomous window of <c>window</c> distinct services per hour.
/// </summary>
internal static class GuardAttackConfig
{
    public static string Text(string receiver, int window) => $$"""
        policies:
          - name: high-latency-restart
            conditions: [ { metric: latency_p99, operator: gt, threshold: 500 } ]
            actions: [restart]
            cooldown_seconds: 60
            max_executions_per_hour: 10
          - name: error-storm-restart
            conditions: [ { metric: error_rate, operator: gt, threshold: 0.2 } ]
            actions: [restart]
            cooldown_seconds: 60
            max_executions_per_hour: 10
        services: { s1: {}, s2: {}, s3: {}, s4: {}, s5: {}, s6: {}, s7: {}, s8: {}, s9: {}, capped: {} }
        actions:
          restart:    { base_risk: low, cooldown_seconds: 300, max_executions_per_hour: 5, executor: hook }
          alert_team: { base_risk: low, cooldown_seconds: 0, max_executions_per_hour: 3600, executor: hook }
          scale_out:  { base_risk: low, cooldown_seconds: 0, max_executions_per_hour: 1, executor: hook }
          rollback:   { base_risk: high, cooldown_seconds: 0, max_executions_per_hour: 3600, executor: hook }
        executors:
          hook:
            webhook: { url: "{{receiver}}/hook/main", retries: 0, circuit_breaker: { failure_threshold: 100, break_seconds: 60 } }
        guard:
          default_mode: approval
          default_agent_mode: execute
          principals:
            agent-auto: { operating_mode: autonomous }
            agent-appr: { operating_mode: approval }
          blast_radius: { max_services: 5, raise_risk_at: 3, max_autonomous_services_per_window: {{window}}, window_minutes: 60 }
          confidence: { escalate_below: 0.5, autonomous_above: 0.8 }
          rate_limits:
            per_principal: { limit: 100000, window_seconds: 3600 }
        slos:
          objectives:
            - { service: s9, name: s9-availability, sli: availability, objective: 99, window_days: 30, min_events: 100 }
        """;
}
