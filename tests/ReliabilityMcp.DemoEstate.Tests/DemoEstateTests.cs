using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.DemoEstate.Tests;

/// <summary>The three demo services as real processes wired the way an orchestrator wires them.</summary>
public sealed class DemoEstateTests
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "ReliabilityMcp.DemoEstate.dll");

    private static Task<ServiceProcess> StartAsync(string service, CancellationToken ct, Dictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string> { ["Demo__Service"] = service };
        foreach (var (k, v) in extra ?? [])
        {
            environment[k] = v;
        }

        return ServiceProcess.StartAsync(Dll, environment, ct);
    }

    private static Dictionary<string, string> Dependencies(ServiceProcess inventory, ServiceProcess payments) => new()
    {
        ["services__inventory__http__0"] = inventory.BaseAddress.ToString(),
        ["services__payments__http__0"] = payments.BaseAddress.ToString(),
    };

    private static object Order(string id) => new { order_id = id, sku = "sku-42", quantity = 2, amount = 19.90m };

    [Fact]
    public async Task Checkout_WithHealthyDependencies_ReservesAndPays()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var inventory = await StartAsync("inventory", ct);
        await using var payments = await StartAsync("payments", ct);
        await using var checkout = await StartAsync("checkout", ct, Dependencies(inventory, payments));
        using var http = new HttpClient { BaseAddress = checkout.BaseAddress };

        using var response = await http.PostAsJsonAsync("api/checkout", Order("o-1"), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("o-1", body.GetProperty("order_id").GetString());
        Assert.StartsWith("res-", body.GetProperty("reservation").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("pay-", body.GetProperty("payment").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_PaymentsDown_Answers502NamingPayments()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var inventory = await StartAsync("inventory", ct);
        await using var payments = await StartAsync("payments", ct);
        await using var checkout = await StartAsync("checkout", ct, Dependencies(inventory, payments));
        using var http = new HttpClient { BaseAddress = checkout.BaseAddress };
        await payments.KillAsync();

        using var response = await http.PostAsJsonAsync("api/checkout", Order("o-2"), ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("payments", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_SlowDependency_Answers504AfterTheTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var inventory = await StartAsync("inventory", ct, new() { ["Demo__WorkMinMilliseconds"] = "3000", ["Demo__WorkMaxMilliseconds"] = "3000" });
        await using var payments = await StartAsync("payments", ct);
        var wiring = Dependencies(inventory, payments);
        wiring["Demo__DependencyTimeoutMilliseconds"] = "200";
        await using var checkout = await StartAsync("checkout", ct, wiring);
        using var http = new HttpClient { BaseAddress = checkout.BaseAddress };

        using var response = await http.PostAsJsonAsync("api/checkout", Order("o-3"), ct);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("inventory did not answer within 200 ms", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"order_id":"o","amount":0}""")]
    [InlineData("""{"order_id":"","sku":"s","quantity":1,"amount":1}""")]
    [InlineData("""{"order_id":"o","sku":"s","quantity":1,"amount":-5}""")]
    public async Task Payments_BadInput_Answers400(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var payments = await StartAsync("payments", ct);
        using var http = new HttpClient { BaseAddress = payments.BaseAddress };

        using var response = await http.PostAsync("api/payments", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("checkout", "services:inventory:http:0")]
    [InlineData("billing", "use checkout, payments or inventory")]
    public async Task Start_MisconfiguredService_ExitsWithAMessageNamingTheSetting(string service, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var process = ServiceProcess.Start(Dll, new Dictionary<string, string> { ["Demo__Service"] = service });

        var exit = await process.WaitForExitAsync(ct);

        Assert.NotEqual(0, exit);
        Assert.Contains(expected, process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_ErrorFaultInjectedIntoPayments_FailsUntilTheFaultIsRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        const string token = "chaos-token-7e1f";
        var chaos = new Dictionary<string, string> { ["Chaos__Token"] = token };
        await using var inventory = await StartAsync("inventory", ct, chaos);
        await using var payments = await StartAsync("payments", ct, chaos);
        await using var checkout = await StartAsync("checkout", ct, Dependencies(inventory, payments));
        using var shop = new HttpClient { BaseAddress = checkout.BaseAddress };
        using var control = new HttpClient { BaseAddress = payments.BaseAddress };
        control.DefaultRequestHeaders.Add("X-Chaos-Token", token);

        using var added = await control.PostAsync("_chaos/faults", new StringContent(
            """{"type": "error", "status_code": 503, "path_prefix": "/api", "rate": 1, "duration_seconds": 120}""", System.Text.Encoding.UTF8, "application/json"), ct);
        using var during = await shop.PostAsJsonAsync("api/checkout", Order("o-4"), ct);
        using var removed = await control.DeleteAsync("_chaos/faults", ct);
        using var after = await shop.PostAsJsonAsync("api/checkout", Order("o-5"), ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, during.StatusCode);
        Assert.Contains("payments answered 503", await during.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.True(removed.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
