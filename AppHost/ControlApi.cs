using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ReliabilityMcp.AppHost;

/// <summary>
/// The control surface the server's <c>process</c> executor calls (<c>apphost-restart</c> in reliability.yaml): a
/// loopback-only HTTP API with a bearer token (the <c>control-token</c> parameter) that carries out restart, stop and
/// start through Aspire's <see cref="ResourceCommandService"/> and answers once the new instance is healthy.
/// The store and the server are refused: a remediation must not take down what runs it.
/// </summary>
internal sealed partial class ControlApi(
    AppHostSettings settings,
    LocalSecrets secrets,
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ILogger<ControlApi> logger) : BackgroundService
{
    /// <summary>Resources no remediation may touch.</summary>
    public static readonly IReadOnlySet<string> Protected = new HashSet<string>(StringComparer.Ordinal) { "store", "server" };

    /// <summary>How long a restart or start may take before the answer is 504.</summary>
    public static readonly TimeSpan HealthyTimeout = TimeSpan.FromSeconds(120);

    private const string KnownRunning = "running";

    // How long a stop that Aspire reported as failed may take to show.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private WebApplication? _app;

    /// <summary>Registers the API; it listens on <see cref="AppHostSettings.ControlPort"/> once the AppHost runs.</summary>
    public static void Add(IDistributedApplicationBuilder builder, AppHostSettings settings, LocalSecrets secrets)
    {
        builder.Services.AddSingleton(settings).AddSingleton(secrets);
        builder.Services.AddHostedService<ControlApi>();
    }

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var web = WebApplication.CreateSlimBuilder();
        web.Logging.ClearProviders();
        web.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, settings.ControlPort));
        _app = web.Build();
        _app.Use(async (context, next) =>
        {
            if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            if (!await AuthorizedAsync(context.Request.Headers.Authorization.ToString(), context.RequestAborted).ConfigureAwait(false))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem(title: "control API", statusCode: 401, detail: "a bearer token (the control-token parameter) is required").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        _app.MapGet("/resources", () => Results.Json(new { resources = model.Resources.Where(IsProcess).Select(r => View(r.Name)) }));
        _app.MapGet("/resources/{name}", (string name) => Find(name) is null ? NotFound(name) : Results.Json(View(name)));
        _app.MapPost("/resources/{name}/{operation}", (string name, string operation, HttpContext context) => OperateAsync(name, operation, context.RequestAborted));
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        LogListening(logger, settings.ControlPort);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _oneAtATime.Dispose();
        base.Dispose();
    }

    /// <summary>Keeps the latest event of every instance, for the views.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                _latest[update.ResourceId] = update;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A process the AppHost runs and shows (not the dashboard, not Aspire's hidden rebuilders).</summary>
    private bool IsProcess(IResource resource) =>
        resource is ProjectResource or ExecutableResource
        && !_latest.Values.Any(e => e.Resource == resource && e.Snapshot.IsHidden)
        && resource.Name != "aspire-dashboard";

    private static IResult NotFound(string name) => Results.Problem(title: "control API", statusCode: 404, detail: $"no resource named '{name}'");

    private IResource? Find(string name) => model.Resources.FirstOrDefault(r => r.Name == name && IsProcess(r));

    private ResourceView View(string name)
    {
        var instances = _latest.Values.Where(e => e.Resource.Name == name).OrderBy(e => e.ResourceId, StringComparer.Ordinal).ToList();
        return ResourceView.From(name, instances, Find(name)?.Annotations.OfType<HealthCheckAnnotation>().Any() == true, !Protected.Contains(name));
    }

    private async Task<IResult> OperateAsync(string name, string operation, CancellationToken cancellationToken)
    {
        if (Find(name) is not { } resource)
        {
            return NotFound(name);
        }

        if (operation is not ("restart" or "stop" or "start"))
        {
            return Results.Problem(title: "control API", statusCode: 409, detail: $"'{operation}' is not supported under Aspire (restart, stop and start are)");
        }

        if (Protected.Contains(name))
        {
            return Results.Problem(title: "control API", statusCode: 409, detail: $"'{name}' cannot be {operation}ed from here: the remediation would take down what runs it");
        }

        // One operation at a time: a second restart waits for the first to answer.
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = View(name);
            LogOperation(logger, operation, name);
            // A restart is a stop and a start: Aspire's own restart command reports a failure here when the stop
            // outlasts its wait, although the process does end (seen with 13.6.5 on a loaded machine).
            if (operation != "start" && await StopAsync(resource, cancellationToken).ConfigureAwait(false) is { } stopFailure)
            {
                return stopFailure;
            }

            if (operation != "stop"
                && await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken).ConfigureAwait(false) is { Success: false } started)
            {
                return Results.Problem(title: "control API", statusCode: 502, detail: $"Aspire could not start '{name}': {started.Message}");
            }

            if (operation != "stop")
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(HealthyTimeout);
                try
                {
                    // The new instance: running, healthy, and a pid other than the one before.
                    await notifications.WaitForResourceAsync(name, e =>
                        {
                            _latest[e.ResourceId] = e;
                            var view = View(name);
                            return view.Healthy && view.Pid is { } pid && pid != before.Pid;
                        }, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return Results.Problem(title: "control API", statusCode: 504, detail: $"'{name}' was not healthy within {HealthyTimeout.TotalSeconds:0} s after the {operation}");
                }
            }

            return Results.Json(new { resource = View(name), previousPid = before.Pid });
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Stops <paramref name="resource"/>; null once it no longer runs, else the problem to answer with.</summary>
    private async Task<IResult?> StopAsync(IResource resource, CancellationToken cancellationToken)
    {
        var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken).ConfigureAwait(false);
        if (result.Success)
        {
            return null;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StopTimeout);
        try
        {
            await notifications.WaitForResourceAsync(resource.Name, e =>
                {
                    _latest[e.ResourceId] = e;
                    return View(resource.Name) is { State: not KnownRunning };
                }, deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Results.Problem(title: "control API", statusCode: 502, detail: $"Aspire could not stop '{resource.Name}': {result.Message}");
        }
    }

    private async Task<bool> AuthorizedAsync(string header, CancellationToken cancellationToken)
    {
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var expected = await LocalSecrets.ValueAsync(secrets.ControlToken, cancellationToken).ConfigureAwait(false);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), Encoding.UTF8.GetBytes(expected));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "control API listening on http://127.0.0.1:{Port} (loopback, bearer token)")]
    private static partial void LogListening(ILogger logger, int port);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "control API: {Operation} {Resource}")]
    private static partial void LogOperation(ILogger logger, string operation, string resource);
}
