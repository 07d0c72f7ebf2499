using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>The AppHost with the demo estate: every resource starts in order, traffic reaches the SLOs, Ctrl+C leaves nothing.</summary>
[SupportedOSPlatform("linux")]
public sealed class AppHostDemoTests : IDisposable
{
    private const int SigInt = 2;
    private readonly string _data = RepositoryPaths.NewTempDirectory("apphost-demo");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Run_WithTheDemo_StartsTheEstateAndLoadAndTheSloSeesTheTraffic()
    {
        var ct = TestContext.Current.CancellationToken;
        var checkoutPort = LoopbackPorts.Free();
        await using var sut = AppHostProcess.Start(_data, LoopbackPorts.Free(), LoopbackPorts.Free(), new Dictionary<string, string>
        {
            ["AppHost__Demo"] = "true",
            ["AppHost__CheckoutPort"] = checkoutPort.ToString(CultureInfo.InvariantCulture),
            ["AppHost__PaymentsPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["AppHost__InventoryPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["AppHost__LoadRequestsPerSecond"] = "50",
        });
        await sut.WaitUntilReadyAsync(ct);
        var pids = sut.ResourcePids();

        Assert.Equal(["agent", "checkout", "inventory", "loadgen", "payments", "server", "store"], pids.Keys.Order(StringComparer.Ordinal).ToArray());
        var operatorToken = LocalSecrets.LoadOrCreate(Path.Combine(_data, "apphost", "secrets.json")).OperatorToken;
        HttpRequestMessage Request() => new HttpRequestMessage(HttpMethod.Get, new Uri(sut.ServerUrl, "/api/slos"))
        {
            Headers = { Authorization = new("Bearer", operatorToken) },
        };

        // The load generator's orders reach checkout, and their outcomes reach the SLO engine through ingestion.
        var status = await Poll.UntilAsync(async token =>
        {
            using var request = Request();
            using var response = await _http.SendAsync(request, token);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(token) : $"{(int)response.StatusCode}";
        }, body => CheckoutEvents(body) > 0, "checkout traffic counted by the SLO engine", ct);
        Assert.True(CheckoutEvents(status) > 0, status);
        using (var order = await _http.PostAsJsonAsync(new Uri($"http://127.0.0.1:{checkoutPort.ToString(CultureInfo.InvariantCulture)}/api/checkout"),
            new { order_id = "t-1", sku = "sku-1", quantity = 1, amount = 5m }, ct))
        {
            Assert.Equal(HttpStatusCode.OK, order.StatusCode);
        }

        sut.Signal(SigInt);

        Assert.Equal(0, await sut.WaitForExitAsync(TimeSpan.FromSeconds(90), ct));
        foreach (var (name, pid) in pids)
        {
            Assert.True(await GoneAsync(pid, ct), $"{name} (pid {pid}) is still running after the AppHost exited");
        }
    }

    private static long CheckoutEvents(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.GetProperty("slos").EnumerateArray()
                .Where(s => s.GetProperty("service").GetString() == "checkout")
                .Sum(s => s.GetProperty("totalEvents").GetInt64());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return 0;
        }
    }

    internal static async Task<bool> GoneAsync(int pid, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (!ProcessInspector.IsAlive(pid))
            {
                return true;
            }

            await Task.Delay(100, ct);
        }

        return false;
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
