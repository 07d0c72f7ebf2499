using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.Chaos.AspNetCore.Tests;

/// <summary>A small service with the middleware, on a real loopback port (aborts and delays are real socket effects).</summary>
internal sealed class ChaosTargetService : IAsyncDisposable
{
    public const string Token = "test-chaos-token-0123456789";

    private readonly WebApplication _app;

    private ChaosTargetService(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Control = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Control.DefaultRequestHeaders.Add(ChaosOptions.TokenHeader, Token);
    }

    public Uri BaseAddress { get; }

    /// <summary>A plain client for the service's own endpoints.</summary>
    public HttpClient Client { get; }

    /// <summary>A client that sends the chaos token.</summary>
    public HttpClient Control { get; }

    public static async Task<ChaosTargetService> StartAsync(string? token = Token, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (token is not null)
        {
            builder.Configuration["Chaos:Token"] = token;
        }

        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddReliabilityChaos();
        var app = builder.Build();
        app.UseReliabilityChaos();
        app.MapGet("/api/orders", () => Results.Json(new { orders = new[] { 1, 2, 3 } }));
        app.MapGet("/health", () => "ok");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ChaosTargetService(app, new Uri(address));
    }

    public async Task<ActiveFault> AddFaultAsync(object spec)
    {
        using var response = await Control.PostAsJsonAsync("/_chaos/faults", spec, ChaosJson.Options, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ActiveFault>(ChaosJson.Options, TestContext.Current.CancellationToken))!;
    }

    public async Task<FaultList> ListAsync() =>
        (await Control.GetFromJsonAsync<FaultList>("/_chaos/faults", ChaosJson.Options, TestContext.Current.CancellationToken))!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Control.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
