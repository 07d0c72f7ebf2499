using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>
/// The real application model of AppHost/ (DistributedApplicationTestingBuilder): DCP starts the store, the server and,
/// with the demo, the estate, the load generator and the agent as processes, on free ports and a temporary data
/// directory, with secrets chosen here (nothing is written to the user's secrets). Disposing it stops the application
/// and checks that no process it started is left.
/// </summary>
internal sealed class LocalAppHost : IAsyncDisposable
{
    /// <summary>How long the whole application may take to become healthy on a loaded two-core machine.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, string> _secrets;
    private bool _disposed;

    private LocalAppHost(DistributedApplication app, Dictionary<string, int> ports, Dictionary<string, string> secrets, string dataDirectory)
    {
        App = app;
        Ports = ports;
        _secrets = secrets;
        DataDirectory = dataDirectory;
    }

    public DistributedApplication App { get; }

    /// <summary>store, server (the proxy's, see <see cref="ServerUrl"/>), control, checkout, payments, inventory, dashboard.</summary>
    public Dictionary<string, int> Ports { get; }

    public string DataDirectory { get; }

    /// <summary>The server's endpoint (Aspire's proxy; the test builder puts proxies on ports of its own choosing).</summary>
    public Uri ServerUrl => App.GetEndpoint("server", "http");

    public Uri ControlUrl => Url("control");

    public Uri CheckoutUrl => Url("checkout");

    /// <summary>The dashboard (the test builder chooses its port).</summary>
    public Uri DashboardUrl => App.GetEndpoint("aspire-dashboard", "http");

    public string AgentToken => _secrets["agent-token"];

    public string OperatorToken => _secrets["operator-token"];

    public string ChaosToken => _secrets["chaos-token"];

    public string ControlToken => _secrets["control-token"];

    /// <summary>
    /// The dashboard login link the ready banner prints (<see cref="ReadyBanner.DashboardLoginUrl"/>): the token is the
    /// one Aspire generated, read back from the app's configuration (a token passed in as <c>AppHost:BrowserToken</c> is overwritten).
    /// </summary>
    public Uri DashboardLoginUrl => new(ReadyBanner.DashboardLoginUrl(App.Services.GetRequiredService<IConfiguration>(), App.Services.GetRequiredService<DistributedApplicationModel>())
        ?? throw new InvalidOperationException("the dashboard is off"));

    /// <summary>Builds and starts the application and waits until the server (and with the demo, checkout and the load generator) are healthy.</summary>
    /// <param name="dataDirectory">ReliabilityMcp:DataDirectory.</param>
    /// <param name="demo">Whether the demo estate runs.</param>
    /// <param name="dashboard">Whether the dashboard runs (the test builder turns it off by default).</param>
    /// <param name="configure">Changes to the model before it is built (extra environment for a resource, ...).</param>
    /// <param name="cancellationToken">The test's token.</param>
    /// <param name="beforeStart">Called with the ports before anything starts (to write configuration that names them).</param>
    /// <param name="arguments">More command-line arguments for the AppHost (<c>--AppHost:ServerReplicas=2</c>, ...).</param>
    public static async Task<LocalAppHost> StartAsync(
        string dataDirectory, bool demo, bool dashboard = false, Action<IDistributedApplicationTestingBuilder>? configure = null,
        CancellationToken cancellationToken = default, Action<IReadOnlyDictionary<string, int>>? beforeStart = null, IEnumerable<string>? arguments = null)
    {
        var ports = new[] { "store", "server", "control", "checkout", "payments", "inventory", "dashboard", "otlp", "resource-service" }
            .ToDictionary(name => name, _ => LoopbackPorts.Free());
        var secrets = new[] { "store-password", "agent-token", "operator-token", "telemetry-token", "chaos-token", "control-token" }
            .ToDictionary(name => name, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)));
        beforeStart?.Invoke(ports);
        string Port(string name) => ports[name].ToString(CultureInfo.InvariantCulture);
        List<string> args =
        [
            $"--AppHost:Demo={demo}",
            $"--AppHost:StorePort={Port("store")}",
            $"--AppHost:ServerPort={Port("server")}",
            $"--AppHost:ControlPort={Port("control")}",
            $"--AppHost:CheckoutPort={Port("checkout")}",
            $"--AppHost:PaymentsPort={Port("payments")}",
            $"--AppHost:InventoryPort={Port("inventory")}",
            "--AppHost:StoreMemorySize=128m",
            "--AppHost:StoreIndexSize=16m",
            $"--ReliabilityMcp:DataDirectory={dataDirectory}",
            $"--ASPNETCORE_URLS=http://127.0.0.1:{Port("dashboard")}",
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{Port("otlp")}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{Port("resource-service")}",
            .. secrets.Select(s => $"--Parameters:{s.Key}={s.Value}"),
            .. arguments ?? [],
        ];

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.ReliabilityMcp_AppHost>(
            [.. args],
            (options, _) =>
            {
                options.DisableDashboard = !dashboard;
                options.AllowUnsecuredTransport = true;
            },
            cancellationToken);
        configure?.Invoke(builder);
        var app = await builder.BuildAsync(cancellationToken);
        var sut = new LocalAppHost(app, ports, secrets, dataDirectory);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(StartTimeout);
            await app.StartAsync(deadline.Token);
            foreach (var name in demo ? new[] { "server", "checkout", "loadgen", "agent" } : ["server"])
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token);
            }

            return sut;
        }
        catch
        {
            await sut.DisposeAsync();
            throw;
        }
    }

    public Uri Url(string port) => new($"http://127.0.0.1:{Ports[port].ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The store's connection string, as the server receives it in <c>ConnectionStrings__store</c>.</summary>
    public async Task<string> StoreConnectionStringAsync(CancellationToken cancellationToken) =>
        await App.GetConnectionStringAsync("store", cancellationToken) ?? throw new InvalidOperationException("the store has no connection string");

    /// <summary>The latest event of <paramref name="resource"/> (the notification service replays the current state first).</summary>
    public Task<ResourceEvent> CurrentAsync(string resource, CancellationToken cancellationToken) =>
        App.ResourceNotifications.WaitForResourceAsync(resource, _ => true, cancellationToken);

    /// <summary>The pid of <paramref name="resource"/>'s current instance.</summary>
    public async Task<int?> PidAsync(string resource, CancellationToken cancellationToken) =>
        ResourceView.PidOf((await CurrentAsync(resource, cancellationToken)).Snapshot);

    /// <summary>An HttpClient request with a bearer token.</summary>
    public static HttpRequestMessage Authorized(HttpMethod method, Uri url, string token) =>
        new(method, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    /// <summary>Stops the application; then every process it started (resources, their children, DCP) must be gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var pids = new List<int>();
        foreach (var resource in App.Services.GetRequiredService<DistributedApplicationModel>().Resources)
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                if (await PidAsync(resource.Name, quick.Token) is { } pid)
                {
                    pids.Add(pid);
                }
            }
            catch (OperationCanceledException)
            {
                // Never reported: nothing started.
            }
        }

        var started = ProcessTree.StartedBy(pids, Environment.ProcessId);
        await App.StopAsync();
        await App.DisposeAsync();
        await Poll.UntilAsync(() => started.All(pid => !ProcessInspector.IsAlive(pid)), $"the processes the AppHost started ({string.Join(", ", started.Where(ProcessInspector.IsAlive))}) to be gone");
    }
}
