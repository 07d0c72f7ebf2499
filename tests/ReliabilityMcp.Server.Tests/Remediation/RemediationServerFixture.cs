using ModelContextProtocol.Client;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// A server with the remediation test configuration, its own key prefix, the webhook secret and the argv script on
/// the executable allow-list, plus the in-test webhook receiver. <see cref="StartReplica"/> starts a second server
/// over the same store and prefix: another replica. Subclasses serve another reliability file or host setting.
/// </summary>
public class RemediationServerFixture : IAsyncLifetime
{
    private readonly List<ServerApplicationFactory> _servers = [];
    private ReliabilityConfigFile? _config;
    private WebhookReceiver? _receiver;
    private Dictionary<string, string?> _settings = [];

    /// <summary>The first server.</summary>
    public ServerApplicationFactory Server => _servers[0];

    internal WebhookReceiver Receiver => _receiver!;

    internal ReliabilityConfigFile Config => _config!;

    /// <summary>The argv-printing script.</summary>
    public string ScriptPath { get; } = RemediationConfig.WriteArgvScript();

    /// <summary>The servers' key prefix.</summary>
    public string KeyPrefix { get; } = $"test-{Guid.NewGuid():N}";

    /// <summary>The YAML in force at start.</summary>
    public string InitialText => ConfigText(Receiver.BaseUrl, ScriptPath);

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync(RemediationConfig.WebhookSecret);
        _config = ReliabilityConfigFile.Create(InitialText);
        _settings = RemediationTokens.Configuration();
        _settings["Reliability:ConfigPath"] = _config.FilePath;
        _settings["Reliability:KeyPrefix"] = KeyPrefix;
        _settings["Executors:hook:Secret"] = RemediationConfig.WebhookSecret;
        _settings["Executors:flaky:Secret"] = RemediationConfig.WebhookSecret;
        _settings["Remediation:AllowedExecutables:0"] = ScriptPath;
        foreach (var (key, value) in ExtraSettings())
        {
            _settings[key] = value;
        }

        StartReplica();
    }

    /// <summary>The reliability file's text for the receiver's URL and the argv script.</summary>
    protected virtual string ConfigText(string receiver, string script) => RemediationConfig.Text(receiver, script);

    /// <summary>Host settings on top of the tokens, the file, the prefix and the executor secrets.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [];

    /// <summary>Starts another server over the same store, prefix and configuration.</summary>
    public ServerApplicationFactory StartReplica()
    {
        var server = new ServerApplicationFactory(_settings);
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
        GC.SuppressFinalize(this);
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        _config?.Dispose();
    }
}
