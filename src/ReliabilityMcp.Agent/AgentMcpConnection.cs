using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace ReliabilityMcp.Agent;

/// <summary>Connects to the server over Streamable HTTP with the agent's own token.</summary>
public static class AgentMcpConnection
{
    /// <summary>A connected client; dispose it when done.</summary>
    public static Task<McpClient> ConnectAsync(AgentOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = options.ServerUrl,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = options.Token is { Length: > 0 } token ? new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" } : null,
        });
        return McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "reliabilitymcp-agent", Version = "1.0.0" },
        }, cancellationToken: cancellationToken);
    }
}
