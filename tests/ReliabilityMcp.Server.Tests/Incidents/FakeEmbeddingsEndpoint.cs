using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ReliabilityMcp.Core.Incidents;

namespace ReliabilityMcp.Server.Tests.Incidents;

/// <summary>
/// An OpenAI-compatible <c>/v1/embeddings</c> endpoint started inside the test (Kestrel, loopback, free port).
/// It embeds with the hashing embedder, so answers are deterministic, and records what it was sent.
/// </summary>
internal sealed class FakeEmbeddingsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeEmbeddingsEndpoint(WebApplication app) => _app = app;

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Authorization headers received.</summary>
    public List<string?> Authorizations { get; } = [];

    /// <summary>Request bodies received.</summary>
    public List<JsonElement> Requests { get; } = [];

    /// <summary>When set, every request gets this status code.</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>Dimensions of the returned embeddings.</summary>
    public int Dimensions { get; set; } = 64;

    public static async Task<FakeEmbeddingsEndpoint> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeEmbeddingsEndpoint(app);
        app.MapPost("/v1/embeddings", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
            lock (fake.Requests)
            {
                fake.Requests.Add(body.Clone());
                fake.Authorizations.Add(context.Request.Headers.Authorization.FirstOrDefault());
            }

            if (fake.FailWith is { } status)
            {
                return Results.StatusCode((int)status);
            }

            var embedder = new HashingEmbeddingGenerator(fake.Dimensions);
            var data = body.GetProperty("input").EnumerateArray()
                .Select((input, index) => new { @object = "embedding", index, embedding = embedder.Embed(input.GetString()) }).ToArray();
            return Results.Json(new { @object = "list", data, model = body.GetProperty("model").GetString() });
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.BaseAddress = new Uri(address);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
