using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// A webhook receiver and health endpoint started inside the test: it records every delivery, checks its HMAC
/// signature independently of the server's code, and answers with whatever status the test sets.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _secret;

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        _secret = secret;
    }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every delivery, in arrival order.</summary>
    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    /// <summary>Status answered per hook name (default 200).</summary>
    public ConcurrentDictionary<string, int> HookStatus { get; } = new(StringComparer.Ordinal);

    /// <summary>Status answered per health service (default 200).</summary>
    public ConcurrentDictionary<string, int> HealthStatus { get; } = new(StringComparer.Ordinal);

    /// <summary>How many times an action was executed (not undone) on <paramref name="service"/>.</summary>
    public int ExecutionsOn(string service) => Deliveries.Count(d =>
        d.Phase == "execute" && System.Text.Json.JsonDocument.Parse(d.Body).RootElement.GetProperty("targets").EnumerateArray().Any(t => t.GetString() == service));

    /// <summary>
    /// While set, every delivery is recorded and then held (no answer) until the test completes this source: an
    /// action the test can catch in the middle of executing.
    /// </summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Deliveries to <paramref name="hook"/> for <paramref name="executionId"/>.</summary>
    public IReadOnlyList<Delivery> For(string hook, string executionId) =>
        [.. Deliveries.Where(d => d.Hook == hook && d.ExecutionId == executionId)];

    /// <summary>Starts on a free loopback port.</summary>
    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/hook/{name}", async (string name, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var timestamp = request.Headers["X-ReliabilityMcp-Timestamp"].ToString();
            var signature = request.Headers["X-ReliabilityMcp-Signature"].ToString();
            using var json = JsonDocument.Parse(body);
            receiver.Deliveries.Enqueue(new Delivery(name, json.RootElement.GetProperty("execution_id").GetString()!,
                json.RootElement.GetProperty("phase").GetString()!, body, receiver.SignatureValid(timestamp, body, signature),
                request.Headers["X-ReliabilityMcp-Execution-Id"].ToString()));
            if (receiver.Hold is { } hold)
            {
                await hold.Task;
            }

            return Results.StatusCode(receiver.HookStatus.GetValueOrDefault(name, 200));
        });
        app.MapGet("/health/{service}", (string service) => Results.StatusCode(receiver.HealthStatus.GetValueOrDefault(service, 200)));
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.TrySetResult();
        await _app.DisposeAsync();
    }

    // Computed here from the documented scheme (HMAC-SHA256 of "{timestamp}.{body}"), not with the server's helper.
    private bool SignatureValid(string timestamp, string body, string signature)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        return timestamp.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>One webhook delivery.</summary>
    public sealed record Delivery(string Hook, string ExecutionId, string Phase, string Body, bool SignatureValid, string ExecutionIdHeader);
}
