using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ReliabilityMcp.Server.Chaos;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Chaos;

/// <summary>run_chaos / get_chaos_experiment over a real MCP client.</summary>
internal static class ChaosCalls
{
    private static readonly HashSet<string> Terminal = ["completed", "aborted", "steady_state_failed", "failed", "interrupted"];

    public static async Task<RunChaosResult> RunAsync(McpClient client, string argumentsJson, CancellationToken cancellationToken, IProgress<ProgressNotificationValue>? progress = null)
    {
        var result = await client.CallToolAsync("run_chaos", ToolArguments.Parse(argumentsJson), progress, cancellationToken: cancellationToken);
        Assert.NotEqual(true, result.IsError);
        var structured = Assert.IsType<JsonElement>(result.StructuredContent);
        return structured.Deserialize<RunChaosResult>(McpJsonUtilities.DefaultOptions)!;
    }

    public static async Task<JsonElement> GetAsync(McpClient client, string id, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync("get_chaos_experiment", new Dictionary<string, object?> { ["experiment_id"] = id }, cancellationToken: cancellationToken);
        Assert.NotEqual(true, result.IsError);
        return Assert.IsType<JsonElement>(result.StructuredContent);
    }

    public static Task<JsonElement> WaitUntilAsync(McpClient client, string id, Func<string, bool> done, CancellationToken cancellationToken) =>
        Poll.UntilAsync(ct => GetAsync(client, id, ct), view => done(view.GetProperty("status").GetString()!), $"experiment {id} to reach the expected status", cancellationToken);

    public static Task<JsonElement> WaitFinishedAsync(McpClient client, string id, CancellationToken cancellationToken) =>
        WaitUntilAsync(client, id, Terminal.Contains, cancellationToken);

    public static string[] Steps(JsonElement view) => [.. view.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("step").GetString()!)];
}
