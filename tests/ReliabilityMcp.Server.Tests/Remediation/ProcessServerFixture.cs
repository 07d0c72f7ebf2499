using ModelContextProtocol.Client;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// A server whose actions run through <c>process</c> executors against an in-test AppHost control API
/// (<see cref="FakeControlPlane"/>), with the control token in <c>ProcessControl:Token</c>. The AppHost manages web, api
/// (scalable), cart, loadgen with a second replica (not services in the graph) and store (not controllable); batch is a service it does not
/// manage, and ledger's health endpoint cannot be reached.
/// </summary>
public sealed class ProcessServerFixture : IAsyncLifetime
{
    /// <summary>The control API's token.</summary>
    public const string ControlToken = "ctl-2b8e4d6a0c9f41e3b7a5";

    private readonly List<ServerApplicationFactory> _servers = [];
    private readonly List<ReliabilityConfigFile> _configs = [];
    private FakeControlPlane? _plane;

    /// <summary>The server, with the control API reachable.</summary>
    public ServerApplicationFactory Server => _servers[0];

    internal FakeControlPlane Plane => _plane!;

    /// <summary>A URL where nothing listens (ledger's health endpoint).</summary>
    public string ClosedUrl { get; } = ClosedPort.Url();

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _plane = await FakeControlPlane.StartAsync(ControlToken);
        _plane.Add("web");
        _plane.Add("api", scalable: true, maxReplicas: 4);
        _plane.Add("cart");
        _plane.Add("loadgen", scalable: true, maxReplicas: 3);
        _plane.Add("loadgen-2", scalable: true, maxReplicas: 3, replicaOf: "loadgen");
        _plane.Add("store", controllable: false);
        StartServer(_plane.BaseUrl);
    }

    /// <summary>Starts another server (own key prefix) whose process executors point at <paramref name="controlUrl"/>, with <paramref name="token"/> as <c>ProcessControl:Token</c>.</summary>
    public ServerApplicationFactory StartServer(string controlUrl, string? token = ControlToken)
    {
        var config = ReliabilityConfigFile.Create(Text(controlUrl));
        _configs.Add(config);
        var settings = RemediationTokens.Configuration();
        settings["Reliability:ConfigPath"] = config.FilePath;
        settings["Reliability:KeyPrefix"] = $"test-{Guid.NewGuid():N}";
        if (token is not null)
        {
            settings["ProcessControl:Token"] = token;
        }

        var server = new ServerApplicationFactory(settings);
        server.Start();
        _servers.Add(server);
        return server;
    }

    /// <summary>An HTTP client for <paramref name="server"/> (default: the first) with a bearer token.</summary>
    public HttpClient CreateHttpClient(string token, ServerApplicationFactory? server = null) => (server ?? Server).CreateBearerClient(token);

    /// <summary>An MCP client over Streamable HTTP.</summary>
    public Task<McpClient> ConnectAsync(string token, CancellationToken cancellationToken) =>
        McpClients.ConnectHttpAsync(Server.McpEndpoint, token, McpClients.November2025, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        if (_plane is not null)
        {
            await _plane.DisposeAsync();
        }

        foreach (var config in _configs)
        {
            config.Dispose();
        }
    }

    private string Text(string control) => $$"""
        policies: []
        services:
          web: { health_check: { url: "{{_plane!.BaseUrl}}/health/web", attempts: 1, interval_seconds: 0, timeout_seconds: 5 } }
          api: { health_check: { url: "{{_plane.BaseUrl}}/health/api", attempts: 1, interval_seconds: 0, timeout_seconds: 5 } }
          cart: { health_check: { url: "{{_plane.BaseUrl}}/health/cart", attempts: 1, interval_seconds: 0, timeout_seconds: 5 } }
          ledger: { health_check: { url: "{{ClosedUrl}}/health", attempts: 1, interval_seconds: 0, timeout_seconds: 2 } }
          batch: {}
          store: {}
        actions:
          restart:         { base_risk: low, cooldown_seconds: 0, max_executions_per_hour: 3600, executor: apphost-restart }
          scale_out:       { base_risk: low, cooldown_seconds: 0, max_executions_per_hour: 3600, executor: apphost-scale }
          traffic_shift:   { base_risk: low, cooldown_seconds: 0, max_executions_per_hour: 3600, executor: apphost-stop }
          circuit_breaker: { base_risk: low, cooldown_seconds: 0, max_executions_per_hour: 3600, executor: apphost-fragile }
        executors:
          apphost-restart: { process: { url: "{{control}}", operation: restart, timeout_seconds: 30 } }
          apphost-scale:   { process: { url: "{{control}}", operation: scale, replicas: "{param.replicas}", timeout_seconds: 30 } }
          apphost-stop:    { process: { url: "{{control}}", operation: stop, timeout_seconds: 30 } }
          apphost-fragile:
            process: { url: "{{control}}", operation: restart, timeout_seconds: 30, circuit_breaker: { failure_threshold: 2, break_seconds: 3600 } }
        guard:
          default_mode: approval
          default_agent_mode: execute
          principals:
            agent-auto: { operating_mode: autonomous }
            agent-adv: { operating_mode: advisory }
          blast_radius: { max_services: 5, raise_risk_at: 3, max_autonomous_services_per_window: 100, window_minutes: 60 }
          confidence: { escalate_below: 0.5, autonomous_above: 0.8 }
          rate_limits:
            per_principal: { limit: 100000, window_seconds: 3600 }
        """;
}
