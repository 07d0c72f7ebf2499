using System.Net.Http.Json;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Agent.Tests.EndToEnd;

/// <summary>
/// A real Garnet, the real server configured for the demo loop (checkout and payments with availability SLOs, a policy
/// that restarts on errors, restart through a webhook to an in-test receiver, every action needing approval), and the
/// tokens: the agent, a human approver and a telemetry sender.
/// </summary>
public sealed class AgentServerFixture : IAsyncLifetime
{
    public const string AgentToken = "agent-ivy-2d7f1c9e4b8a46a0";
    public const string ApproverToken = "approver-max-8c3e5a1f7d2b49e6";
    public const string TelemetryToken = "telemetry-kit-4a9b2e6c1d7f43b8";
    public const string AgentPrincipal = "agent-ivy";
    private const string WebhookSecret = "whsec-agent-tests-1f5c9a3e7b2d";

    private readonly GarnetFixture _garnet = new();
    private string? _configDirectory;
    private AgentServerFactory? _server;
    private ActionReceiver? _receiver;

    /// <summary>The server.</summary>
    internal AgentServerFactory Server => _server!;

    /// <summary>Where restarts land.</summary>
    internal ActionReceiver Receiver => _receiver!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await _garnet.InitializeAsync();
        _receiver = await ActionReceiver.StartAsync();
        _configDirectory = RepositoryPaths.NewTempDirectory("agent-e2e-config");
        var configPath = Path.Combine(_configDirectory, "reliability.yaml");
        await File.WriteAllTextAsync(configPath, Yaml(_receiver.BaseUrl));
        _server = new AgentServerFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:store"] = _garnet.ConnectionString,
            ["Reliability:ConfigPath"] = configPath,
            ["Reliability:KeyPrefix"] = $"agent-{Guid.NewGuid():N}",
            ["Reliability:StoreBudgetMilliseconds"] = "20000",
            ["Reliability:FailClosedBudgetMilliseconds"] = "20000",
            ["Executors:hook:Secret"] = WebhookSecret,
            ["Auth:Tokens:0:Principal"] = AgentPrincipal,
            ["Auth:Tokens:0:Sha256"] = BearerTokenHash.ComputeHex(AgentToken),
            ["Auth:Tokens:0:Roles:0"] = PrincipalRoleNames.Agent,
            ["Auth:Tokens:1:Principal"] = "approver-max",
            ["Auth:Tokens:1:Sha256"] = BearerTokenHash.ComputeHex(ApproverToken),
            ["Auth:Tokens:1:Roles:0"] = PrincipalRoleNames.Approver,
            ["Auth:Tokens:2:Principal"] = "telemetry-kit",
            ["Auth:Tokens:2:Sha256"] = BearerTokenHash.ComputeHex(TelemetryToken),
            ["Auth:Tokens:2:Roles:0"] = PrincipalRoleNames.Telemetry,
        });
        _server.Start();
    }

    /// <summary>The agent's options against this server (short polls so the test does not wait on intervals).</summary>
    public AgentOptions AgentOptions() => new()
    {
        ServerUrl = Server.McpEndpoint,
        Token = AgentToken,
        IntervalSeconds = 1,
        PollIntervalSeconds = 0.1,
        ApprovalTimeoutSeconds = 120,
        RecoveryTimeoutSeconds = 120,
    };

    /// <summary>An HTTP client on the operator API with <paramref name="token"/>.</summary>
    public HttpClient Http(string token)
    {
        var client = new HttpClient { BaseAddress = Server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Posts one pre-aggregated telemetry event for <paramref name="service"/> stamped now.</summary>
    public async Task IngestAsync(string service, long total, long good, CancellationToken cancellationToken)
    {
        using var http = Http(TelemetryToken);
        var response = await http.PostAsJsonAsync("/api/telemetry", new
        {
            batch_id = $"{service}-{Guid.NewGuid():N}",
            events = new[] { new { service, timestamp = DateTimeOffset.UtcNow, total, good } },
        }, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        await _garnet.DisposeAsync();
    }

    private static string Yaml(string receiver) => $$"""
        policies:
          - name: errors-restart
            description: Many failing requests usually mean a wedged instance; restart it.
            conditions:
              - { metric: error_rate, operator: gt, threshold: 0.05 }
            actions: [restart]
            priority: 1
            cooldown_seconds: 0
            max_executions_per_hour: 100
        services:
          checkout: { health_check: { url: "{{receiver}}/health/checkout", attempts: 1, interval_seconds: 0, timeout_seconds: 5 } }
          payments: { health_check: { url: "{{receiver}}/health/payments", attempts: 1, interval_seconds: 0, timeout_seconds: 5 } }
        actions:
          restart: { base_risk: low, cooldown_seconds: 0, max_executions_per_hour: 100, executor: hook }
          alert_team: { base_risk: low, cooldown_seconds: 0, max_executions_per_hour: 100, executor: hook }
        executors:
          hook:
            webhook: { url: "{{receiver}}/hook/main", retries: 0 }
        guard:
          default_mode: approval
          default_agent_mode: execute
          confidence: { escalate_below: 0.5, autonomous_above: 0.8 }
          rate_limits:
            per_principal: { limit: 100000, window_seconds: 3600 }
        slos:
          objectives:
            - { service: checkout, name: checkout-availability, sli: availability, objective: 99.9, window_days: 30, min_events: 100 }
            - { service: payments, name: payments-availability, sli: availability, objective: 99.9, window_days: 30, min_events: 100 }
        """;
}
