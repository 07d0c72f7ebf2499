using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.DemoEstate.Tests;

/// <summary>The load generator against the real estate, shipping to an ingestion receiver started inside the test.</summary>
public sealed class LoadGeneratorTests
{
    private const string IngestToken = "ingest-token-5c2e";
    private static readonly string EstateDll = Path.Combine(AppContext.BaseDirectory, "ReliabilityMcp.DemoEstate.dll");
    private static readonly string LoadDll = Path.Combine(AppContext.BaseDirectory, "ReliabilityMcp.LoadGenerator.dll");

    [Fact]
    public async Task LoadGenerator_AgainstTheEstate_ShipsEveryOutcomeOnceAndRetriesRejectedBatchesWithTheSameId()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await IngestReceiver.StartAsync(rejectFirst: 1, ct);
        await using var inventory = await ServiceProcess.StartAsync(EstateDll, new Dictionary<string, string> { ["Demo__Service"] = "inventory" }, ct);
        await using var payments = await ServiceProcess.StartAsync(EstateDll, new Dictionary<string, string> { ["Demo__Service"] = "payments" }, ct);
        await using var checkout = await ServiceProcess.StartAsync(EstateDll, new Dictionary<string, string>
        {
            ["Demo__Service"] = "checkout",
            ["services__inventory__http__0"] = inventory.BaseAddress.ToString(),
            ["services__payments__http__0"] = payments.BaseAddress.ToString(),
        }, ct);
        await using var load = await ServiceProcess.StartAsync(LoadDll, new Dictionary<string, string>
        {
            ["services__checkout__http__0"] = checkout.BaseAddress.ToString(),
            ["Load__RequestsPerSecond"] = "40",
            ["Load__IngestUrl"] = receiver.Address.ToString(),
            ["Load__IngestToken"] = IngestToken,
            ["Load__FlushSeconds"] = "0.5",
        }, ct);

        await Poll.UntilAsync(() => receiver.Accepted.SelectMany(b => b.Events).Count(e => e.Success) >= 30, "30 successful outcomes shipped", 120);
        await payments.KillAsync();
        await Poll.UntilAsync(() => receiver.Accepted.SelectMany(b => b.Events).Any(e => !e.Success), "a failed outcome after payments died", 120);

        var accepted = receiver.Accepted.ToList();
        Assert.All(accepted.SelectMany(b => b.Events), e => Assert.Equal("checkout", e.Service));
        Assert.All(receiver.Authorizations, a => Assert.Equal($"Bearer {IngestToken}", a));
        // The batch the receiver refused came again, unchanged, under the same id; no accepted id repeats.
        var rejected = Assert.Single(receiver.Rejected);
        var retried = Assert.Single(accepted, b => b.BatchId == rejected.BatchId);
        Assert.Equal(rejected.Events.Count, retried.Events.Count);
        Assert.Equal(accepted.Count, accepted.Select(b => b.BatchId).Distinct().Count());
    }

    private sealed record Outcome(string Service, bool Success, double LatencyMs);

    private sealed record Batch(string BatchId, IReadOnlyList<Outcome> Events);

    private sealed class IngestReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _toReject;

        private IngestReceiver(WebApplication app, int toReject)
        {
            _app = app;
            _toReject = toReject;
        }

        public ConcurrentQueue<Batch> Accepted { get; } = new();

        public ConcurrentQueue<Batch> Rejected { get; } = new();

        public ConcurrentQueue<string> Authorizations { get; } = new();

        public Uri Address { get; private set; } = null!;

        public static async Task<IngestReceiver> StartAsync(int rejectFirst, CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new IngestReceiver(app, rejectFirst);
            app.MapPost("/api/telemetry", receiver.ReceiveAsync);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            receiver.Address = new Uri(address.TrimEnd('/') + "/api/telemetry");
            return receiver;
        }

        private async Task ReceiveAsync(HttpContext context)
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!;
            var batch = new Batch(body["batch_id"]!.GetValue<string>(), [.. body["events"]!.AsArray().Select(e => new Outcome(
                e!["service"]!.GetValue<string>(), e["success"]!.GetValue<bool>(), e["latency_ms"]!.GetValue<double>()))]);
            Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            if (Interlocked.Decrement(ref _toReject) >= 0)
            {
                Rejected.Enqueue(batch);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            Accepted.Enqueue(batch);
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
