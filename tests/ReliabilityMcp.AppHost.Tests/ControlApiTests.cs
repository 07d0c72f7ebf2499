using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>The control API of a real AppHost (store and server only): who may call it, and what it refuses.</summary>
[SupportedOSPlatform("linux")]
public sealed class ControlApiTests : IDisposable
{
    private readonly string _data = RepositoryPaths.NewTempDirectory("apphost-control");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task ControlApi_StoreAndServer_ListedButNeitherRestartableNorScalableAndTokenRequired()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sut = AppHostProcess.Start(_data, LoopbackPorts.Free(), LoopbackPorts.Free());
        await sut.WaitUntilReadyAsync(ct);
        var token = LocalSecrets.LoadOrCreate(Path.Combine(_data, "apphost", "secrets.json")).ControlToken;
        var pids = sut.ResourcePids();

        async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? bearer, object? body = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(sut.ControlUrl, path));
            if (bearer is not null)
            {
                request.Headers.Authorization = new("Bearer", bearer);
            }

            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/resources", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Post, "/resources/server/restart", "rmcp_not-the-token")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Post, "/resources/server/restart", token + "x")).Status);

        var (status, list) = await SendAsync(HttpMethod.Get, "/resources", token);
        Assert.Equal(HttpStatusCode.OK, status);
        var resources = list.GetProperty("resources").EnumerateArray().ToList();
        Assert.Equal(["store", "server"], resources.Select(r => r.GetProperty("name").GetString()));
        Assert.All(resources, r => Assert.Equal("running", r.GetProperty("state").GetString()));
        Assert.All(resources, r => Assert.False(r.GetProperty("controllable").GetBoolean()));
        Assert.Equal(pids["server"], resources[1].GetProperty("pid").GetInt32());

        foreach (var path in new[] { "/resources/server/restart", "/resources/store/stop", "/resources/server/stop" })
        {
            var (refused, problem) = await SendAsync(HttpMethod.Post, path, token);
            Assert.Equal(HttpStatusCode.Conflict, refused);
            Assert.Contains("not controllable", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Post, "/resources/server/scale", token, new { replicas = 2 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/resources/checkout/restart", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/resources/checkout", token)).Status);

        // Nothing was touched.
        Assert.Equal(pids, sut.ResourcePids());
        sut.Signal(15);
        Assert.Equal(0, await sut.WaitForExitAsync(TimeSpan.FromSeconds(60), ct));
    }

    public void Dispose()
    {
        _http.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
