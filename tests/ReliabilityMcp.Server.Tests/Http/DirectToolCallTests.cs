using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Http;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Http;

/// <summary>
/// Two servers on one store and one configuration, one answering plain tools/call directly (the default) and one
/// with <c>Mcp:Http:DirectToolCalls=false</c>, so every message goes through the SDK's per-request server.
/// </summary>
public sealed class DirectToolCallFixture : IAsyncLifetime
{
    private ReliabilityConfigFile? _config;

    /// <summary>The server with the direct path (the default).</summary>
    public ServerApplicationFactory Direct { get; private set; } = null!;

    /// <summary>The same server with the direct path off.</summary>
    public ServerApplicationFactory Sdk { get; private set; } = null!;

    /// <inheritdoc />
    public ValueTask InitializeAsync()
    {
        _config = ReliabilityConfigFile.Create(ReliabilityConfigFile.ShippedTextWithExplorer());
        var prefix = $"test-{Guid.NewGuid():N}";
        Dictionary<string, string?> Settings(bool direct)
        {
            var settings = TestTokens.Configuration();
            settings["Reliability:ConfigPath"] = _config.FilePath;
            settings["Reliability:KeyPrefix"] = prefix;
            settings["Mcp:Http:DirectToolCalls"] = direct ? "true" : "false";
            return settings;
        }

        Direct = new ServerApplicationFactory(Settings(direct: true));
        Direct.Start();
        Sdk = new ServerApplicationFactory(Settings(direct: false));
        Sdk.Start();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Direct.DisposeAsync();
        await Sdk.DisposeAsync();
        _config?.Dispose();
    }
}

/// <summary>
/// The direct tools/call path (<see cref="DirectToolCalls"/>) must be indistinguishable from the SDK's: the same bytes
/// for results, tool errors, binding failures and filter answers under every handshake revision, the same denials,
/// the same span; and it must be taken only where nothing could differ.
/// </summary>
public sealed partial class DirectToolCallTests(DirectToolCallFixture fixture) : IClassFixture<DirectToolCallFixture>
{
    private const string Evaluate = """{"name":"evaluate_policies","arguments":{"service":"checkout","telemetry":{"latency_p99":650,"error_rate":0.04,"cpu_util":0.55}}}""";

    public static TheoryData<string, string> Calls() => new()
    {
        { "matches", Evaluate },
        { "detail", """{"name":"evaluate_policies","arguments":{"service":"checkout","detail":true,"telemetry":{"latency_p99":650,"custom":{"queue.depth":1e300}}}}""" },
        { "unknown service", """{"name":"evaluate_policies","arguments":{"service":"not-in-graph","telemetry":{"error_rate":0.5}}}""" },
        { "McpException from the tool", """{"name":"evaluate_policies","arguments":{"service":"BAD","telemetry":{"latency_p99":650}}}""" },
        { "required argument missing (filter)", """{"name":"evaluate_policies","arguments":{"service":"checkout"}}""" },
        { "no arguments at all (filter)", """{"name":"evaluate_policies"}""" },
        { "argument of the wrong type (binding)", """{"name":"evaluate_policies","arguments":{"service":"checkout","telemetry":"fast"}}""" },
        { "unexpected argument", """{"name":"evaluate_policies","arguments":{"service":"checkout","telemetry":{"latency_p99":1},"extra":[1,2]}}""" },
        { "slo_status", """{"name":"slo_status","arguments":{"service":"checkout"}}""" },
        { "slo_status unknown service", """{"name":"slo_status","arguments":{"service":"nope"}}""" },
        { "list_pending_approvals", """{"name":"list_pending_approvals","arguments":{}}""" },
        { "get_approval_status bad id", """{"name":"get_approval_status","arguments":{"approval_id":"x"}}""" },
        { "find_similar_incidents without a query", """{"name":"find_similar_incidents","arguments":{}}""" },
        { "unknown tool (SDK on both)", """{"name":"no_such_tool","arguments":{}}""" },
        { "name missing (SDK on both)", """{"arguments":{}}""" },
        { "progress token (SDK on both)", """{"name":"evaluate_policies","arguments":{"service":"checkout","telemetry":{"latency_p99":650}},"_meta":{"progressToken":"p1"}}""" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Answers_AreTheSdksBytes_UnderEveryHandshakeRevision(string because, string parameters)
    {
        foreach (var revision in new[] { "", "2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25" })
        {
            foreach (var id in new[] { "17", "\"req-é\\u0027\"" })
            {
                var body = $$"""{"jsonrpc":"2.0","id":{{id}},"method":"tools/call","params":{{parameters}}}""";
                var (directStatus, directType, direct) = await PostAsync(fixture.Direct, body, TestTokens.AgentToken, revision);
                var (sdkStatus, sdkType, sdk) = await PostAsync(fixture.Sdk, body, TestTokens.AgentToken, revision);

                Assert.Equal(HttpStatusCode.OK, sdkStatus);
                Assert.True(directStatus == sdkStatus, $"{because}, revision '{revision}': status {directStatus} vs {sdkStatus}");
                Assert.Equal(sdkType, directType);
                Assert.True(Normalise(sdk) == Normalise(direct), $"{because}, revision '{revision}', id {id}:\nSDK:    {sdk}\ndirect: {direct}");
            }
        }
    }

    [Fact]
    public async Task StateChangingCall_ByAnExplorePrincipal_IsDeniedTheSameWay()
    {
        // execute_remediation takes the direct path too: the guard's denial (and its audit entry) must not change.
        const string parameters = """{"name":"execute_remediation","arguments":{"action":"restart","targets":["checkout"],"justification":"p99 high after deploy","confidence":0.9}}""";
        var body = $$"""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{{parameters}}}""";

        var (_, _, direct) = await PostAsync(fixture.Direct, body, TestTokens.ExplorerToken, "2025-11-25");
        var (_, _, sdk) = await PostAsync(fixture.Sdk, body, TestTokens.ExplorerToken, "2025-11-25");

        Assert.Contains("\"isError\"", sdk, StringComparison.Ordinal); // a denial, as the explore mode requires
        Assert.Equal(Normalise(sdk), Normalise(direct));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-a-configured-token", HttpStatusCode.Unauthorized)]
    public async Task DirectPath_StillRequiresACaller(string? token, HttpStatusCode expected)
    {
        var body = $$"""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{Evaluate}}}""";

        var (status, _, _) = await PostAsync(fixture.Direct, body, token, "2025-11-25");

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Span_IsTheSdksSpan_AndComesFromTheDirectPathOnlyWhereEligible()
    {
        var spans = new ConcurrentDictionary<string, Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DirectToolCalls.SdkTelemetryName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("jsonrpc.request.id") is string id)
                {
                    spans[id] = activity;
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        async Task<Activity> CallAsync(ServerApplicationFactory server, string parameters)
        {
            var id = $"span-{Guid.NewGuid():N}";
            await PostAsync(server, $$"""{"jsonrpc":"2.0","id":"{{id}}","method":"tools/call","params":{{parameters}}}""", TestTokens.AgentToken, "2025-11-25");
            // The SDK stops its span after the response is written; give it a moment.
            for (var i = 0; i < 100 && !spans.ContainsKey(id); i++)
            {
                await Task.Delay(20, TestTimeouts.Token());
            }

            return Assert.Contains(id, (IDictionary<string, Activity>)spans);
        }

        const string ToolError = """{"name":"evaluate_policies","arguments":{"service":"BAD","telemetry":{"latency_p99":1}}}""";
        foreach (var parameters in new[] { Evaluate, ToolError })
        {
            var direct = await CallAsync(fixture.Direct, parameters);
            var sdk = await CallAsync(fixture.Sdk, parameters);

            Assert.True(DirectToolCalls.IsDirectSpan(direct));
            Assert.False(DirectToolCalls.IsDirectSpan(sdk));
            Assert.Equal(sdk.DisplayName, direct.DisplayName);
            Assert.Equal(sdk.Kind, direct.Kind);
            Assert.Equal(sdk.Status, direct.Status);
            Assert.Equal(sdk.StatusDescription, direct.StatusDescription);
            Assert.Equal(Tags(sdk), Tags(direct));
        }

        // Not eligible: a progress token, a tool that uses the session. These stay with the SDK.
        Assert.False(DirectToolCalls.IsDirectSpan(await CallAsync(fixture.Direct,
            """{"name":"evaluate_policies","arguments":{"service":"checkout","telemetry":{"latency_p99":1}},"_meta":{"progressToken":1}}""")));
        Assert.False(DirectToolCalls.IsDirectSpan(await CallAsync(fixture.Direct, """{"name":"server_status","arguments":{}}""")));
    }

    public static TheoryData<string, string, string, bool> Eligibility() => new()
    {
        { "plain call", "2025-11-25", Evaluate, true },
        { "no revision header", "", Evaluate, true },
        { "oldest revision", "2024-11-05", Evaluate, true },
        { "state-changing tool without session parameters", "2025-11-25", """{"name":"execute_remediation","arguments":{}}""", true },
        { "per-request metadata revision", "2026-07-28", Evaluate, false },
        { "_meta", "2025-11-25", """{"name":"evaluate_policies","arguments":{},"_meta":{}}""", false },
        { "task augmentation", "2025-11-25", """{"name":"evaluate_policies","arguments":{},"task":{"ttl":1000}}""", false },
        { "arguments not an object", "2025-11-25", """{"name":"evaluate_policies","arguments":[1]}""", false },
        { "name not a string", "2025-11-25", """{"name":7,"arguments":{}}""", false },
        { "unknown tool", "2025-11-25", """{"name":"nope","arguments":{}}""", false },
        { "tool binds McpServer", "2025-11-25", """{"name":"server_status","arguments":{}}""", false },
        { "tool binds McpServer (approvals)", "2025-11-25", """{"name":"approve_request","arguments":{}}""", false },
        { "tool binds IProgress", "2025-11-25", """{"name":"run_chaos","arguments":{}}""", false },
    };

    [Theory]
    [MemberData(nameof(Eligibility))]
    public void TryMatch_TakesOnlyRequestsWhereNothingCouldDiffer(string because, string revision, string parameters, bool expected)
    {
        var direct = fixture.Direct.Services.GetRequiredService<DirectToolCalls>();
        var request = new JsonRpcRequest { Id = new RequestId(1), Method = RequestMethods.ToolsCall, Params = JsonNode.Parse(parameters) };

        Assert.Null(direct.DisabledBecause);
        Assert.True(expected == direct.TryMatch(request, revision, out _, out _), because);
        Assert.False(direct.TryMatch(new JsonRpcRequest { Id = new RequestId(2), Method = RequestMethods.ToolsList, Params = JsonNode.Parse(parameters) }, revision, out _, out _));
    }

    [Fact]
    public void Switch_Off_TakesNothing()
    {
        var sdkOnly = fixture.Sdk.Services.GetRequiredService<DirectToolCalls>();

        Assert.Equal("Mcp:Http:DirectToolCalls is false", sdkOnly.DisabledBecause);
        Assert.False(sdkOnly.TryMatch(new JsonRpcRequest { Id = new RequestId(1), Method = RequestMethods.ToolsCall, Params = JsonNode.Parse(Evaluate) }, "2025-11-25", out _, out _));
    }

    private static string[] Tags(Activity activity)
        => [.. activity.TagObjects.Where(t => t.Key != "jsonrpc.request.id")
            .Select(t => t.Key == "mcp.session.id" ? $"{t.Key} (random)" : $"{t.Key}={t.Value}").Order(StringComparer.Ordinal)];

    private static string Normalise(string body) => Timestamp().Replace(body, "<time>");

    private static async Task<(HttpStatusCode Status, string? ContentType, string Body)> PostAsync(
        ServerApplicationFactory server, string body, string? token, string revision)
    {
        using var client = server.CreateBearerClient(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, server.McpEndpoint)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (revision.Length > 0)
        {
            request.Headers.Add("MCP-Protocol-Version", revision);
        }

        using var response = await client.SendAsync(request, TestTimeouts.Token());
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(TestTimeouts.Token()));
    }

    // ISO-8601 instants in answers (evaluatedAt, availableAt, ...) differ between two calls; nothing else may.
    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|(\\u002B|[+-])\d\d:\d\d)")]
    private static partial Regex Timestamp();
}
