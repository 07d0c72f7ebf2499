using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReliabilityMcp.Chaos.AspNetCore;

namespace ReliabilityMcp.Server.Tests.Chaos;

/// <summary>
/// Two real services with the chaos middleware on loopback ports: checkout (calls payments on /api/pay) and
/// payments. Faults the server places through the contract really change what they answer.
/// </summary>
internal sealed class ChaosEstate : IAsyncDisposable
{
    public const string Token = "estate-chaos-token-5c1f9e0a";

    private readonly List<WebApplication> _apps = [];
    private readonly HttpClient _control = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ChaosEstate()
    {
        _control.DefaultRequestHeaders.Add(ChaosOptions.TokenHeader, Token);
    }

    public Uri Checkout { get; private set; } = null!;

    public Uri Payments { get; private set; } = null!;

    public static async Task<ChaosEstate> StartAsync()
    {
        var estate = new ChaosEstate();
        estate.Payments = await estate.StartServiceAsync(app =>
        {
            app.MapGet("/health", () => "ok");
            app.MapGet("/api/charge", () => Results.Json(new { charged = true }));
        });
        var payments = estate.Payments;
        estate.Checkout = await estate.StartServiceAsync(app =>
        {
            var http = new HttpClient { BaseAddress = payments, Timeout = TimeSpan.FromSeconds(2) };
            app.MapGet("/health", () => "ok");
            app.MapGet("/api/orders", () => Results.Json(new { orders = new[] { 1, 2, 3 } }));
            app.MapGet("/api/pay", async (CancellationToken ct) =>
            {
                try
                {
                    using var response = await http.GetAsync("/api/charge", ct);
                    return response.IsSuccessStatusCode ? Results.Ok("paid") : Results.StatusCode(502);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return Results.StatusCode(504);
                }
            });
        });
        return estate;
    }

    /// <summary>The chaos section for these services (the templates are the caller's).</summary>
    public string ChaosTargetsYaml() => $$"""
          targets:
            checkout: { url: "{{Checkout.ToString().TrimEnd('/')}}" }
            payments: { url: "{{Payments.ToString().TrimEnd('/')}}" }
        """;

    /// <summary>Faults in force on a service, by asking it.</summary>
    public async Task<int> FaultCountAsync(Uri service, CancellationToken cancellationToken)
    {
        var list = await _control.GetFromJsonAsync<JsonElement>(new Uri(service, "/_chaos/faults"), cancellationToken);
        return list.GetProperty("faults").GetArrayLength();
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        foreach (var app in _apps)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    private async Task<Uri> StartServiceAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["Chaos:Token"] = Token;
        builder.Services.AddReliabilityChaos();
        var app = builder.Build();
        app.UseReliabilityChaos();
        map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        _apps.Add(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
