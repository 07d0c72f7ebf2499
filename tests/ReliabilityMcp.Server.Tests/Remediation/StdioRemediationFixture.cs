using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// What a stdio server needs for remediation tests: the webhook receiver, the test configuration file and a key
/// prefix. Each test launches its own server process (as Claude Desktop would) with or without elicitation support.
/// </summary>
public sealed class StdioRemediationFixture : IAsyncLifetime
{
    private ReliabilityConfigFile? _config;
    private WebhookReceiver? _receiver;

    internal WebhookReceiver Receiver => _receiver!;

    /// <summary>The servers' key prefix.</summary>
    public string KeyPrefix { get; } = $"test-{Guid.NewGuid():N}";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync(RemediationConfig.WebhookSecret);
        _config = ReliabilityConfigFile.Create(RemediationConfig.Text(_receiver.BaseUrl, RemediationConfig.WriteArgvScript()));
    }

    /// <summary>Launches the server with --stdio; <paramref name="elicitation"/> null makes a client without elicitation support.</summary>
    public Task<McpClient> ConnectAsync(Func<ElicitRequestParams?, CancellationToken, ValueTask<ElicitResult>>? elicitation, CancellationToken cancellationToken)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "reliabilitymcp-stdio-remediation",
            Command = "dotnet",
            Arguments = [ServerBinary.DllPath, "--stdio"],
            WorkingDirectory = Path.GetTempPath(),
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["ConnectionStrings__store"] = TestStore.ConnectionString,
                ["Reliability__ConfigPath"] = _config!.FilePath,
                ["Reliability__KeyPrefix"] = KeyPrefix,
                ["Executors__hook__Secret"] = RemediationConfig.WebhookSecret,
            },
        });
        var options = new McpClientOptions { ProtocolVersion = McpClients.November2025 };
        if (elicitation is not null)
        {
            options.Handlers = new McpClientHandlers { ElicitationHandler = elicitation };
        }

        return McpClient.CreateAsync(transport, options, cancellationToken: cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        _config?.Dispose();
    }
}
