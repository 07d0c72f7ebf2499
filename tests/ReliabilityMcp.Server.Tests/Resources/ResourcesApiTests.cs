using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Server.Tests.Remediation;

namespace ReliabilityMcp.Server.Tests.Resources;

/// <summary>GET /api/resources: live health probes of the services merged with what the (in-test) AppHost reports.</summary>
public sealed class ResourcesApiTests(ProcessServerFixture fixture) : IClassFixture<ProcessServerFixture>
{
    [Fact]
    public async Task GetResources_ServicesAndAppHostResources_MergedByNameWithLiveProbes()
    {
        var cancellationToken = TestTimeouts.Token();
        using var http = fixture.CreateHttpClient(TestTokens.ApproverToken);

        var sut = await http.GetFromJsonAsync<JsonElement>("api/resources", cancellationToken);

        var resources = sut.GetProperty("resources").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        // Services in graph order, then what only the AppHost manages.
        Assert.Equal(["web", "api", "cart", "ledger", "batch", "store", "loadgen", "loadgen-2"], sut.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("name").GetString()));

        var web = resources["web"];
        Assert.True(web.GetProperty("service").GetBoolean());
        Assert.True(web.GetProperty("probe").GetProperty("healthy").GetBoolean());
        Assert.Equal(200, web.GetProperty("probe").GetProperty("statusCode").GetInt32());
        Assert.Equal($"{fixture.Plane.BaseUrl}/health/web", web.GetProperty("probe").GetProperty("url").GetString());
        Assert.True(web.GetProperty("probe").GetProperty("latencyMs").GetInt64() >= 0);
        Assert.Equal(fixture.Plane.PidOf("web"), web.GetProperty("process").GetProperty("pid").GetInt32());
        Assert.Equal("running", web.GetProperty("process").GetProperty("state").GetString());

        var ledger = resources["ledger"];
        Assert.False(ledger.GetProperty("probe").GetProperty("healthy").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ledger.GetProperty("probe").GetProperty("statusCode").ValueKind);
        Assert.Contains("could not be reached", ledger.GetProperty("probe").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, ledger.GetProperty("process").ValueKind);

        Assert.Equal(JsonValueKind.Null, resources["batch"].GetProperty("probe").ValueKind);
        Assert.False(resources["store"].GetProperty("process").GetProperty("controllable").GetBoolean());
        var loadgen = resources["loadgen"];
        Assert.False(loadgen.GetProperty("service").GetBoolean());
        Assert.True(loadgen.GetProperty("process").GetProperty("scalable").GetBoolean());
        Assert.Equal(3, loadgen.GetProperty("process").GetProperty("maxReplicas").GetInt32());
        Assert.Equal("loadgen", resources["loadgen-2"].GetProperty("process").GetProperty("replicaOf").GetString());

        var control = sut.GetProperty("controlPlane");
        Assert.Equal(fixture.Plane.BaseUrl, control.GetProperty("url").GetString());
        Assert.Equal("apphost-restart", control.GetProperty("executor").GetString());
        Assert.True(control.GetProperty("reachable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, control.GetProperty("error").ValueKind);
        Assert.All(fixture.Plane.Calls, c => Assert.Equal(("GET", true), (c.Method, c.Authorized)));
    }

    [Fact]
    public async Task GetResources_AppHostNotListening_SaysSoAndStillProbesTheServices()
    {
        var cancellationToken = TestTimeouts.Token();
        var closed = ClosedPort.Url();
        var server = fixture.StartServer(closed);
        using var http = fixture.CreateHttpClient(TestTokens.AdminToken, server);

        var sut = await http.GetFromJsonAsync<JsonElement>("api/resources", cancellationToken);

        var control = sut.GetProperty("controlPlane");
        Assert.Equal(closed, control.GetProperty("url").GetString());
        Assert.False(control.GetProperty("reachable").GetBoolean());
        Assert.StartsWith($"could not reach the AppHost control API at {closed}/resources", control.GetProperty("error").GetString(), StringComparison.Ordinal);
        var web = sut.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "web");
        Assert.True(web.GetProperty("probe").GetProperty("healthy").GetBoolean());
        Assert.All(sut.GetProperty("resources").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("process").ValueKind));
    }

    [Fact]
    public async Task GetResources_NoControlToken_NamesBothKeysAndSendsNothing()
    {
        var cancellationToken = TestTimeouts.Token();
        var server = fixture.StartServer(fixture.Plane.BaseUrl, token: null);
        using var http = fixture.CreateHttpClient(TestTokens.ApproverToken, server);
        var calls = fixture.Plane.Calls.Count;

        var sut = await http.GetFromJsonAsync<JsonElement>("api/resources", cancellationToken);

        var control = sut.GetProperty("controlPlane");
        Assert.False(control.GetProperty("reachable").GetBoolean());
        Assert.Contains("Executors:apphost-restart:Token", control.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("ProcessControl:Token", control.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(calls, fixture.Plane.Calls.Count);
    }

    [Fact]
    public async Task GetResources_AgentToken_IsForbidden()
    {
        var cancellationToken = TestTimeouts.Token();
        using var http = fixture.CreateHttpClient(RemediationTokens.AutonomousToken);

        using var response = await http.GetAsync(new Uri("api/resources", UriKind.Relative), cancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
