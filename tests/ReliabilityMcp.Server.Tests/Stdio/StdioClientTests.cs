using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Stdio;

/// <summary>
/// The built server launched as a child process with <c>--stdio</c>, driven by the SDK's stdio client: what Claude
/// Desktop does. Any stray byte on stdout would corrupt the protocol, so these tests also prove logs go to stderr.
/// </summary>
public sealed class StdioClientTests
{
    [Fact]
    public async Task Initialize_OverStdio_NegotiatesAndLogsOnlyToStandardError()
    {
        var cancellationToken = TestTimeouts.Token();
        var stderr = new ConcurrentQueue<string>();
        await using var sut = await McpClients.ConnectStdioAsync(McpClients.November2025, stderr.Enqueue, cancellationToken);

        Assert.Equal("ReliabilityMcp", sut.ServerInfo?.Name);
        Assert.NotNull(await sut.PingAsync(cancellationToken: cancellationToken));
        // Startup logs (prompt loading) arrived on stderr, and the protocol on stdout still parsed.
        await PollAsync(() => stderr.Any(line => line.Contains("Loaded 3 prompt(s)", StringComparison.Ordinal)), cancellationToken);
    }

    [Fact]
    public async Task CallServerStatus_OverStdio_IdentifiesTheLocalUserAsAgentAndApprover()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectStdioAsync(McpClients.November2025, standardError: null, cancellationToken);

        var result = await sut.CallToolAsync("server_status", cancellationToken: cancellationToken);

        var structured = Assert.IsType<JsonElement>(result.StructuredContent);
        Assert.Equal(Environment.UserName, structured.GetProperty("principal").GetString());
        Assert.Equal(["agent", "approver"], structured.GetProperty("roles").EnumerateArray().Select(role => role.GetString()!).ToArray());
        Assert.Equal("stdio", structured.GetProperty("transport").GetString());
    }

    [Fact]
    public async Task ListToolsAndPrompts_WithDefaultNegotiation_Work()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectStdioAsync(protocolVersion: null, standardError: null, cancellationToken);

        var tools = await sut.ListToolsAsync(cancellationToken: cancellationToken);
        var prompt = await sut.GetPromptAsync(
            "game_day",
            new Dictionary<string, object?> { ["service"] = "payments", ["hypothesis"] = "p99 stays under 500 ms" },
            cancellationToken: cancellationToken);

        Assert.Contains(tools, tool => tool.Name == "server_status");
        Assert.Contains("**payments**", Assert.IsType<TextContentBlock>(Assert.Single(prompt.Messages).Content).Text, StringComparison.Ordinal);
    }

#pragma warning disable MCP9005 // The logging feature is deprecated from 2026-07-28 but is what 2025-era clients use.
    [Fact]
    public async Task SetLoggingLevel_OverStdio_SendsLogNotificationsOnlyAtOrAboveTheLevel()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectStdioAsync(McpClients.November2025, standardError: null, cancellationToken);
        var received = new ConcurrentQueue<LoggingMessageNotificationParams>();
        await using var registration = sut.RegisterNotificationHandler(NotificationMethods.LoggingMessageNotification, (notification, _) =>
        {
            received.Enqueue(JsonSerializer.Deserialize<LoggingMessageNotificationParams>(notification.Params, McpJsonUtilities.DefaultOptions)!);
            return ValueTask.CompletedTask;
        });

        // server_status logs at Information: above Warning nothing may arrive, at Info exactly one notification.
        await sut.SetLoggingLevelAsync(LoggingLevel.Warning, cancellationToken: cancellationToken);
        await sut.CallToolAsync("server_status", cancellationToken: cancellationToken);
        await sut.SetLoggingLevelAsync(LoggingLevel.Info, cancellationToken: cancellationToken);
        await sut.CallToolAsync("server_status", cancellationToken: cancellationToken);

        await PollAsync(() => !received.IsEmpty, cancellationToken);
        // Messages on one stdio stream arrive in order, so a notification of the first call would precede this one.
        var notification = Assert.Single(received);
        Assert.Equal(LoggingLevel.Info, notification.Level);
        Assert.Contains(Environment.UserName, notification.Data.GetString(), StringComparison.Ordinal);
    }
#pragma warning restore MCP9005

    private static async Task PollAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }
}
