using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Telemetry;

/// <summary>
/// The built server with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set exports traces over OTLP/HTTP to a collector
/// started in the test, and leaves health probes out of them (ServiceDefaults).
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Export_WithOtlpEndpoint_SendsRequestSpansButNoHealthProbeSpans()
    {
        var cancellationToken = TestTimeouts.Token();
        var traces = new ConcurrentQueue<byte[]>();
        await using var collector = await StartCollectorAsync(traces, cancellationToken);
        var collectorAddress = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        using var server = StartServer(collectorAddress, out var serverAddress, cancellationToken);
        try
        {
            await ExerciseAndAssertAsync(serverAddress, traces, cancellationToken);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task ExerciseAndAssertAsync(string serverAddress, ConcurrentQueue<byte[]> traces, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri(serverAddress + "/") };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("alive", UriKind.Relative), cancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("health", UriKind.Relative), cancellationToken)).StatusCode);
        using var call = new HttpRequestMessage(HttpMethod.Post, new Uri("mcp", UriKind.Relative))
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"server_status"}}""", Encoding.UTF8, "application/json"),
        };
        call.Headers.Accept.ParseAdd("application/json");
        call.Headers.Accept.ParseAdd("text/event-stream");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(call, cancellationToken)).StatusCode);

        // The batch exporter sends spans in the order they ended: once /mcp arrived, the probes would have too.
        while (!traces.Any(body => Contains(body, "/mcp")))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        Assert.Contains(traces, body => Contains(body, "reliabilitymcp-otlp-test"));
        Assert.DoesNotContain(traces, body => Contains(body, "/alive") || Contains(body, "/health"));
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<byte[]> traces, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, cancellationToken);
            if (signal == "traces")
            {
                traces.Enqueue(body.ToArray());
            }

            // An empty Export*ServiceResponse is a zero-length protobuf message.
            return Results.Bytes([], "application/x-protobuf");
        });
        await collector.StartAsync(cancellationToken);
        return collector;
    }

    private static Process StartServer(string collectorAddress, out string serverAddress, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { ServerBinary.DllPath, "--urls", "http://127.0.0.1:0" },
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collectorAddress,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_SERVICE_NAME"] = "reliabilitymcp-otlp-test",
                ["Logging__Console__FormatterName"] = "simple",
                ["ConnectionStrings__store"] = TestStore.ConnectionString,
            },
        };
        var process = Process.Start(startInfo)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        const string marker = "Now listening on: ";
        while (true)
        {
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The server exited before listening.");
            var index = line.IndexOf(marker, StringComparison.Ordinal);
            if (index >= 0)
            {
                serverAddress = line[(index + marker.Length)..].Trim();
                // Keep draining stdout so the server never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return process;
            }
        }
    }
}
