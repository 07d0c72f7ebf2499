using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.Agent.Tests.EndToEnd;

/// <summary>The webhook executor's target and the services' health endpoint, inside the test: records each delivery.</summary>
internal sealed class ActionReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ActionReceiver(WebApplication app) => _app = app;

    /// <summary>Base address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Bodies of webhook deliveries, in arrival order.</summary>
    public ConcurrentQueue<string> Deliveries { get; } = new();

    /// <summary>Starts on a free loopback port.</summary>
    public static async Task<ActionReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new ActionReceiver(app);
        app.MapPost("/hook/{name}", async (string name, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            receiver.Deliveries.Enqueue(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        app.MapGet("/health/{service}", (string service) => Results.Ok());
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return receiver;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
