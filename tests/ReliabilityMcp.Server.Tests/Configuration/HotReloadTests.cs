using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelContextProtocol.Client;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Server.Tests.Policies;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Configuration;

/// <summary>The reliability configuration file is watched: valid edits take effect, invalid ones are rejected visibly.</summary>
public sealed class HotReloadTests
{
    private const string LatencyThreshold = "{ metric: latency_p99, operator: gt, threshold: 500 }";

    [Fact]
    public async Task EditConfigFile_ValidThenInvalidThenFixed_AppliesRejectsKeepingLastGoodAndRecovers()
    {
        var cancellationToken = TestTimeouts.Token(TimeSpan.FromMinutes(2));
        var shipped = await File.ReadAllTextAsync(ReliabilityConfigFile.ShippedPath, cancellationToken);
        Assert.Contains(LatencyThreshold, shipped, StringComparison.Ordinal);
        using var config = ReliabilityConfigFile.Create(shipped);
        var settings = TestTokens.Configuration();
        settings["Reliability:ConfigPath"] = config.FilePath;
        settings["Reliability:KeyPrefix"] = $"test-{Guid.NewGuid():N}";
        await using var server = new ServerApplicationFactory(settings);
        server.Start();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        await using var sut = await McpClients.ConnectHttpAsync(server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);
        var initial = await EvaluateAsync(sut, cancellationToken);
        Assert.DoesNotContain("high-latency-restart", initial.Matched);
        Assert.Equal(1, initial.Version);

        // A valid edit: the restart policy now fires from 350 ms.
        var lowered = shipped.Replace(LatencyThreshold, LatencyThreshold.Replace("500", "350", StringComparison.Ordinal), StringComparison.Ordinal);
        config.Write(lowered);
        var reloaded = await Poll.UntilAsync(
            ct => EvaluateAsync(sut, ct), e => e.Matched.Contains("high-latency-restart"), "the lowered threshold to take effect", cancellationToken);
        Assert.Equal(2, reloaded.Version);
        Assert.Equal("Healthy", await ReadHealthAsync(http, HttpStatusCode.OK, cancellationToken));

        // An invalid edit (priority 9 of 1-5, and a threshold that would un-match) is rejected as a whole.
        var invalid = lowered
            .Replace(LatencyThreshold.Replace("500", "350", StringComparison.Ordinal), LatencyThreshold.Replace("500", "450", StringComparison.Ordinal), StringComparison.Ordinal);
        var priorityLine = ReliabilityConfigFile.LineOf(invalid, "    priority: 1");
        invalid = string.Join('\n', invalid.Split('\n').Select((line, i) => i == priorityLine - 1 ? "    priority: 9" : line));
        config.Write(invalid);
        var degraded = await Poll.UntilAsync(
            ct => ReadHealthAsync(http, HttpStatusCode.OK, ct), body => body == "Degraded", "/health to report the rejected edit", cancellationToken);
        Assert.Equal("Degraded", degraded);
        var kept = await EvaluateAsync(sut, cancellationToken);
        Assert.Contains("high-latency-restart", kept.Matched);
        Assert.Equal(2, kept.Version);
        using var operatorClient = new HttpClient { BaseAddress = server.BaseAddress };
        operatorClient.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.AdminToken);
        var rejected = await operatorClient.GetFromJsonAsync<JsonElement>("api/configuration", cancellationToken);
        Assert.Equal(config.FilePath, rejected.GetProperty("path").GetString());
        Assert.Equal(2, rejected.GetProperty("version").GetInt32());
        var error = Assert.Single(rejected.GetProperty("lastReloadErrors").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.StartsWith($"{config.FilePath}:{priorityLine}: policies[0].priority", error, StringComparison.Ordinal);
        Assert.Equal(350, rejected.GetProperty("configuration").GetProperty("policies")[0].GetProperty("conditions")[0].GetProperty("threshold").GetDouble());

        // Fixing the file clears the errors and applies it.
        config.Write(shipped);
        var recovered = await Poll.UntilAsync(
            ct => EvaluateAsync(sut, ct), e => !e.Matched.Contains("high-latency-restart"), "the fixed file to take effect", cancellationToken);
        Assert.Equal(3, recovered.Version);
        Assert.Equal("Healthy", await ReadHealthAsync(http, HttpStatusCode.OK, cancellationToken));
        var fixedConfiguration = await operatorClient.GetFromJsonAsync<JsonElement>("api/configuration", cancellationToken);
        Assert.Empty(fixedConfiguration.GetProperty("lastReloadErrors").EnumerateArray());
    }

    [Fact]
    public async Task Start_WithInvalidConfigFile_ExitsListingTheErrorsWithFileAndLine()
    {
        var cancellationToken = TestTimeouts.Token();
        var text = File.ReadAllText(ReliabilityConfigFile.ShippedPath).Replace("default_mode: advisory", "default_mode: yolo", StringComparison.Ordinal);
        var line = ReliabilityConfigFile.LineOf(text, "default_mode: yolo");
        using var config = ReliabilityConfigFile.Create(text);

        var result = await ExternalProcess.RunAsync(
            "dotnet",
            [ServerBinary.DllPath, "--urls", "http://127.0.0.1:0"],
            Path.GetTempPath(),
            new Dictionary<string, string>(TestStore.Environment())
            {
                ["Reliability__ConfigPath"] = config.FilePath,
                ["Reliability__KeyPrefix"] = $"test-{Guid.NewGuid():N}",
                ["Logging__Console__FormatterName"] = "simple",
            },
            cancellationToken);

        Assert.NotEqual(0, result.ExitCode);
        var output = result.ToString();
        Assert.Contains($"The reliability configuration {config.FilePath} is invalid", output, StringComparison.Ordinal);
        Assert.Contains($"{config.FilePath}:{line}: guard.default_mode", output, StringComparison.Ordinal);
    }

    private static async Task<(string[] Matched, int Version)> EvaluateAsync(McpClient client, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(
            "evaluate_policies", ToolArguments.Parse("""{"service": "checkout", "telemetry": {"latency_p99": 400}}"""), cancellationToken: cancellationToken);
        var evaluation = EvaluatePoliciesTests.Parse(result);
        return ([.. evaluation.Matched.Select(policy => policy.Name)], evaluation.ConfigurationVersion);
    }

    private static async Task<string> ReadHealthAsync(HttpClient http, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        // Degraded is still ready (200): the last good configuration serves; only Unhealthy is 503.
        using var response = await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
