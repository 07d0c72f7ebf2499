using System.Text.Json;
using ReliabilityMcp.Agent.Runbook;

namespace ReliabilityMcp.Agent.Tests.Runbook;

/// <summary>Answers <c>slo_status</c> with whatever JSON the test sets.</summary>
internal sealed class FakeAgentTools : IAgentTools
{
    public string SloStatusJson { get; set; } = """{"slos": []}""";

    public Task<JsonElement> CallAsync(string tool, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken) =>
        tool == "slo_status" ? Task.FromResult(JsonDocument.Parse(SloStatusJson).RootElement.Clone()) : throw new AgentToolException($"unexpected tool {tool}");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
