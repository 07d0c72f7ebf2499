using System.Collections.Concurrent;
using System.Net;
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
/// The AppHost control API as its contract describes it (bearer token, <c>/resources</c>, restart/stop/start/scale,
/// problem+json errors), started inside the test with resources the test declares, plus a health endpoint per
/// resource (<c>/health/{name}</c>: 200 while running). It records every call so tests can see what was sent.
/// </summary>
internal sealed class FakeControlPlane : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Resource> _resources = new(StringComparer.Ordinal);
    private int _nextPid = 4000;

    private FakeControlPlane(WebApplication app, string token)
    {
        _app = app;
        Token = token;
    }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The bearer token it accepts.</summary>
    public string Token { get; }

    /// <summary>Every control API call, in arrival order (health probes are not recorded).</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Operations on these resources never answer (until the caller gives up).</summary>
    public ConcurrentDictionary<string, bool> Hang { get; } = new(StringComparer.Ordinal);

    /// <summary>Health status answered per resource instead of the one its state implies.</summary>
    public ConcurrentDictionary<string, int> HealthStatus { get; } = new(StringComparer.Ordinal);

    /// <summary>Calls naming <paramref name="resource"/>.</summary>
    public IReadOnlyList<Call> CallsFor(string resource) => [.. Calls.Where(c => c.Resource == resource)];

    /// <summary>Starts on a free loopback port.</summary>
    public static async Task<FakeControlPlane> StartAsync(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var plane = new FakeControlPlane(app, token);
        plane.Map(app);
        await app.StartAsync();
        plane.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return plane;
    }

    /// <summary>Declares a running resource.</summary>
    public void Add(string name, bool controllable = true, bool scalable = false, int maxReplicas = 1, string? replicaOf = null) =>
        _resources[name] = new Resource(name)
        {
            Pid = Interlocked.Increment(ref _nextPid), Controllable = controllable, Scalable = scalable, MaxReplicas = maxReplicas, ReplicaOf = replicaOf,
        };

    /// <summary>The resource's current view.</summary>
    public object View(string name) => _resources[name].View();

    /// <summary>The resource's pid, or null when stopped.</summary>
    public int? PidOf(string name) => _resources[name].Pid;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/resources", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            context.Items["body"] = body;
            var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var authorized = context.Request.Headers.Authorization.ToString() == $"Bearer {Token}";
            Calls.Enqueue(new Call(context.Request.Method, context.Request.Path.Value!, segments.ElementAtOrDefault(1), segments.ElementAtOrDefault(2), body, authorized));
            if (!authorized)
            {
                await Results.Problem("a valid bearer token is required", statusCode: 401, title: "Unauthorized").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.MapGet("/resources", () => Results.Ok(new { resources = _resources.Values.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => r.View()).ToArray() }));
        app.MapGet("/resources/{name}", (string name) => _resources.TryGetValue(name, out var r) ? Results.Ok(r.View()) : Unknown(name));
        app.MapPost("/resources/{name}/{operation}", async (string name, string operation, HttpRequest request) =>
        {
            if (Hang.ContainsKey(name))
            {
                await Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted);
            }

            if (!_resources.TryGetValue(name, out var r))
            {
                return Unknown(name);
            }

            if (!r.Controllable)
            {
                return Results.Problem($"'{name}' is not controllable through the AppHost", statusCode: 409, title: "Not controllable");
            }

            lock (r)
            {
                switch (operation)
                {
                    case "restart":
                        var previous = r.Pid;
                        r.Pid = Interlocked.Increment(ref _nextPid);
                        r.State = "running";
                        r.Restarts++;
                        r.Since = TimeProvider.System.GetUtcNow();
                        return Results.Ok(new { resource = r.View(), previousPid = previous });
                    case "stop":
                        r.Pid = null;
                        r.State = "stopped";
                        r.Since = TimeProvider.System.GetUtcNow();
                        return Results.Ok(new { resource = r.View() });
                    case "start":
                        if (r.State != "running")
                        {
                            r.Pid = Interlocked.Increment(ref _nextPid);
                            r.State = "running";
                            r.Since = TimeProvider.System.GetUtcNow();
                        }

                        return Results.Ok(new { resource = r.View() });
                    case "scale":
                        if (!r.Scalable)
                        {
                            return Results.Problem($"'{name}' runs on a fixed port and cannot be scaled", statusCode: 409, title: "Not scalable");
                        }

                        using (var json = JsonDocument.Parse(request.HttpContext.Items["body"] as string is { Length: > 0 } text ? text : "{}"))
                        {
                            var replicas = json.RootElement.TryGetProperty("replicas", out var n) && n.TryGetInt32(out var count) ? count : 0;
                            if (replicas < 1 || replicas > r.MaxReplicas)
                            {
                                return Results.Problem($"replicas must be 1 to {r.MaxReplicas}", statusCode: 400, title: "Bad replica count");
                            }

                            var before = r.Replicas;
                            r.Replicas = replicas;
                            return Results.Ok(new { resource = r.View(), previousReplicas = before });
                        }

                    default:
                        return Results.NotFound();
                }
            }
        });
        app.MapGet("/health/{name}", (string name) => Results.StatusCode(HealthStatus.TryGetValue(name, out var status) ? status
            : _resources.TryGetValue(name, out var r) && r.State == "running" ? 200 : 503));
    }

    private static IResult Unknown(string name) => Results.Problem($"the AppHost manages no resource named '{name}'", statusCode: 404, title: "Unknown resource");

    /// <summary>One control API call.</summary>
    /// <param name="Method">HTTP method.</param>
    /// <param name="Path">Request path.</param>
    /// <param name="Resource">The resource named in the path, if any.</param>
    /// <param name="Operation">The operation named in the path, if any.</param>
    /// <param name="Body">The request body.</param>
    /// <param name="Authorized">Whether the right bearer token came with it.</param>
    public sealed record Call(string Method, string Path, string? Resource, string? Operation, string Body, bool Authorized);

    private sealed class Resource(string name)
    {
        public string Name { get; } = name;

        public string State { get; set; } = "running";

        public int? Pid { get; set; }

        public int Restarts { get; set; }

        public bool Controllable { get; init; }

        public bool Scalable { get; init; }

        public int Replicas { get; set; } = 1;

        public int MaxReplicas { get; init; } = 1;

        public string? ReplicaOf { get; init; }

        public DateTimeOffset Since { get; set; } = TimeProvider.System.GetUtcNow();

        public object View() => new
        {
            name = Name, state = State, pid = Pid, healthy = State == "running", restarts = Restarts, controllable = Controllable,
            scalable = Scalable, replicas = State == "running" ? Replicas : 0, maxReplicas = MaxReplicas, replicaOf = ReplicaOf, since = Since,
        };
    }
}
