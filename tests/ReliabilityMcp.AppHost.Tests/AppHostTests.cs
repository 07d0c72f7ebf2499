using System.Net;
using ModelContextProtocol.Client;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>
/// The store and the server (<c>--no-demo</c>) from the real application model, the server as two replicas behind
/// Aspire's proxy (<c>--AppHost:ServerReplicas=2</c>), shared by the tests of this class.
/// </summary>
public sealed class StoreAndServerFixture() : AppHostFixture(demo: false, dashboard: false, "--AppHost:ServerReplicas=2");

/// <summary>
/// The AppHost's model without the demo: the store gates the server, the server answers MCP, the control API guards
/// itself, and two server replicas on the one store behave as one server.
/// </summary>
public sealed class AppHostTests(StoreAndServerFixture fixture) : IClassFixture<StoreAndServerFixture>, IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    private LocalAppHost Sut => fixture.Sut;

    [Fact]
    public async Task Start_NoDemo_StoreIsGarnetOnItsPortWithDataInTheDataDirectoryAndAnswersThePassword()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await Sut.StoreConnectionStringAsync(ct);

        Assert.Equal($"127.0.0.1:{Sut.Ports["store"]}", StoreHealth.Describe(connectionString));
        Assert.True(await StoreHealth.PingAsync(connectionString, TimeSpan.FromSeconds(5), ct));
        Assert.Equal("OK", await RespExchange.SendAsync(connectionString, ct, "SET", "apphost:probe", "kept"));
        Assert.True(File.Exists(Path.Combine(Sut.DataDirectory, "apphost", "store", "garnet.conf")));
        // Only the store and the server: --no-demo.
        var names = Sut.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r => r.Name).ToHashSet();
        Assert.DoesNotContain("checkout", names);
        Assert.DoesNotContain("agent", names);
    }

    [Fact]
    public async Task Server_AgentToken_ListsTheToolsOverMcpThroughTheProxy()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(Sut.ServerUrl, "/mcp"),
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {Sut.AgentToken}" },
        }), cancellationToken: ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);

        Assert.Contains(tools, t => t.Name == "execute_remediation");
        Assert.Contains(tools, t => t.Name == "slo_status");
    }

    [Fact]
    public async Task Server_WithoutToken_Is401AndHealthIs200()
    {
        var ct = TestContext.Current.CancellationToken;
        using var health = await _http.GetAsync(new Uri(Sut.ServerUrl, "/health"), ct);
        using var approvals = await _http.GetAsync(new Uri(Sut.ServerUrl, "/api/approvals"), ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, approvals.StatusCode);
    }

    [Theory]
    [InlineData(null, "GET", "/resources", HttpStatusCode.Unauthorized)]
    [InlineData("wrong", "POST", "/resources/server/restart", HttpStatusCode.Unauthorized)]
    [InlineData("control", "GET", "/resources/nothing", HttpStatusCode.NotFound)]
    [InlineData("control", "POST", "/resources/store/restart", HttpStatusCode.Conflict)]
    [InlineData("control", "POST", "/resources/server/stop", HttpStatusCode.Conflict)]
    [InlineData("control", "POST", "/resources/server/scale", HttpStatusCode.Conflict)]
    public async Task ControlApi_RefusesWithoutTokenAndForStoreAndServer(string? token, string method, string path, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Sut.ControlUrl, path));
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token == "control" ? Sut.ControlToken : token);
        }

        using var response = await _http.SendAsync(request, ct);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task ControlApi_ListsStoreAndServerRunningWithPids()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = LocalAppHost.Authorized(HttpMethod.Get, new Uri(Sut.ControlUrl, "/resources"), Sut.ControlToken);
        using var response = await _http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = System.Text.Json.JsonDocument.Parse(body);
        var resources = document.RootElement.GetProperty("resources").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["server", "store"], resources.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.All(resources.Values, r => Assert.Equal("running", r.GetProperty("state").GetString()));
        Assert.Equal(await Sut.PidAsync("store", ct), resources["store"].GetProperty("pid").GetInt32());
    }

    [Fact]
    public async Task Replicas_Two_BothInTheModelOnTheOneStore_IdempotencyAndApprovalCarryAcrossThem()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var request = LocalAppHost.Authorized(HttpMethod.Get, new Uri(Sut.ControlUrl, "/resources/server"), Sut.ControlToken))
        using (var response = await _http.SendAsync(request, ct))
        {
            using var view = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            Assert.Equal(2, view.RootElement.GetProperty("replicas").GetInt32());
        }

        // Each replica's own port (behind the proxy), two distinct processes, both running.
        var replicas = (await ServerReplicasAsync(ct)).Values.ToArray();
        Assert.Equal(2, replicas.Select(ResourceView.PidOf).Distinct().Count());
        var (first, second) = (OwnUrl(replicas[0]), OwnUrl(replicas[1]));
        Assert.NotEqual(first, second);

        // The same request with the same idempotency key, once through each replica: one approval request, kept in the store.
        var arguments = new Dictionary<string, object?>
        {
            ["action"] = "restart",
            ["targets"] = new[] { "checkout" },
            ["confidence"] = 0.85,
            ["justification"] = "replica test: the same request through both replicas of the server",
            ["idempotency_key"] = $"replicas-{Guid.NewGuid():N}",
        };
        var throughFirst = await ExecuteRemediationAsync(first, arguments, ct);
        var throughSecond = await ExecuteRemediationAsync(second, arguments, ct);
        Assert.Equal("pending_approval", throughFirst.GetProperty("status").GetString());
        var approvalId = throughFirst.GetProperty("approval").GetProperty("approvalId").GetString();
        Assert.Equal(approvalId, throughSecond.GetProperty("approval").GetProperty("approvalId").GetString());

        // Rejected through the second replica, seen rejected through the first.
        using (var reject = LocalAppHost.Authorized(HttpMethod.Post, new Uri(second, $"/api/approvals/{approvalId}/reject"), Sut.OperatorToken))
        {
            reject.Content = System.Net.Http.Json.JsonContent.Create(new { comment = "replica test" });
            using var rejected = await _http.SendAsync(reject, ct);
            Assert.True(rejected.IsSuccessStatusCode, await rejected.Content.ReadAsStringAsync(ct));
        }

        using var read = LocalAppHost.Authorized(HttpMethod.Get, new Uri(first, $"/api/approvals/{approvalId}"), Sut.OperatorToken);
        using var approval = await _http.SendAsync(read, ct);
        using var document = System.Text.Json.JsonDocument.Parse(await approval.Content.ReadAsStringAsync(ct));
        Assert.Equal("rejected", document.RootElement.GetProperty("state").GetString());
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The server's instances (Aspire's notifications replay each one's current state first), once both run.</summary>
    private async Task<Dictionary<string, CustomResourceSnapshot>> ServerReplicasAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(LocalAppHost.StartTimeout);
        var replicas = new Dictionary<string, CustomResourceSnapshot>();
        await foreach (var update in Sut.App.ResourceNotifications.WatchAsync(deadline.Token))
        {
            if (update.Resource.Name == "server")
            {
                replicas[update.ResourceId] = update.Snapshot;
            }

            if (replicas.Count == 2 && replicas.Values.All(r => r.State?.Text == KnownResourceStates.Running && ResourceView.PidOf(r) is not null))
            {
                break;
            }
        }

        return replicas;
    }

    /// <summary>A replica's own address: the <c>ASPNETCORE_URLS</c> Aspire gave that instance (the proxy forwards to it).</summary>
    private static Uri OwnUrl(CustomResourceSnapshot replica) =>
        new(replica.EnvironmentVariables.Single(e => e.Name == "ASPNETCORE_URLS").Value!.Split(';')[0]);

    private async Task<System.Text.Json.JsonElement> ExecuteRemediationAsync(Uri server, Dictionary<string, object?> arguments, CancellationToken ct)
    {
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(server, "/mcp"),
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {Sut.AgentToken}" },
        }), cancellationToken: ct);
        var result = await client.CallToolAsync("execute_remediation", arguments, cancellationToken: ct);
        Assert.NotEqual(true, result.IsError);
        return result.StructuredContent!.Value.Clone();
    }
}
