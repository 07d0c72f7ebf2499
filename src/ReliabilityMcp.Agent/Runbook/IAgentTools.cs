using System.Text.Json;

namespace ReliabilityMcp.Agent.Runbook;

/// <summary>The server's tools as the runbook uses them: call by wire name, get the structured result.</summary>
public interface IAgentTools : IAsyncDisposable
{
    /// <summary>Calls <paramref name="tool"/>; a tool error (the server's message) throws <see cref="AgentToolException"/>.</summary>
    Task<JsonElement> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken);
}
