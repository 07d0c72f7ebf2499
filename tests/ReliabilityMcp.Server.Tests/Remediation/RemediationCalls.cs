using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Remediation;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>Shorthands for calling execute_remediation and reading its structured result.</summary>
internal static class RemediationCalls
{
    public const string Why = "p99 latency 2.4 s for ten minutes after the 10:02 config push";

    public static async Task<CallToolResult> CallAsync(McpClient client, string json, CancellationToken cancellationToken) =>
        await client.CallToolAsync("execute_remediation", ToolArguments.Parse(json), cancellationToken: cancellationToken);

    public static async Task<ExecuteRemediationResult> ExecuteAsync(McpClient client, string json, CancellationToken cancellationToken)
    {
        var result = await CallAsync(client, json, cancellationToken);
        Assert.True(result.IsError != true, Text(result));
        return Parse<ExecuteRemediationResult>(result);
    }

    /// <summary>Sends each request at once, each over its own client (as separate agents or sessions would).</summary>
    public static async Task<ExecuteRemediationResult[]> ExecuteInParallelAsync(
        RemediationServerFixture fixture, string token, IReadOnlyList<string> requests, CancellationToken cancellationToken)
    {
        var clients = await Task.WhenAll(requests.Select(_ => fixture.ConnectAsync(token, cancellationToken)));
        try
        {
            return await Task.WhenAll(clients.Select((client, i) => ExecuteAsync(client, requests[i], cancellationToken)));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    public static T Parse<T>(CallToolResult result) =>
        Assert.IsType<JsonElement>(result.StructuredContent).Deserialize<T>(McpJsonUtilities.DefaultOptions)!;

    public static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    public static string Request(string action, string target, double confidence = 0.9, string extra = "") =>
        $$"""{"action": "{{action}}", "targets": ["{{target}}"], "justification": "{{Why}}", "confidence": {{confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}}{{extra}}}""";
}
