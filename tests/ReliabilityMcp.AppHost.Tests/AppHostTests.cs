using System.Net;
using ModelContextProtocol.Client;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>The store and the server (<c>--no-demo</c>) from the real application model, shared by the tests of this class.</summary>
public sealed class StoreAndServerFixture : IAsyncLifetime
{
    private readonly string _data = RepositoryPaths.NewTempDirectory("apphost");

    internal LocalAppHost Sut { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Sut = await LocalAppHost.StartAsync(_data, demo: false, cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Sut.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}

/// <summary>The AppHost's model without the demo: the store gates the server, the server answers MCP, the control API guards itself.</summary>
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

    public void Dispose() => _http.Dispose();
}
