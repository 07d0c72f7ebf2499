using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace ReliabilityMcp.Agent.Runbook;

/// <summary><see cref="IAgentTools"/> over one MCP client session.</summary>
public sealed class McpAgentTools(McpClient client) : IAgentTools
{
    /// <summary>Connects with the agent's options.</summary>
    public static async Task<McpAgentTools> ConnectAsync(AgentOptions options, CancellationToken cancellationToken) =>
        new(await AgentMcpConnection.ConnectAsync(options, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<JsonElement> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        var text = string.Join(" ", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        if (result.IsError == true)
        {
            throw new AgentToolException($"{tool}: {text}");
        }

        return result.StructuredContent is { } structured
            ? structured
            : throw new AgentToolException($"{tool} returned no structured content: {text}");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => client.DisposeAsync();
}
