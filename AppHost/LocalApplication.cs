using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ReliabilityMcp.AppHost.Hosting;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost;

/// <summary>
/// The application the AppHost runs: the resources <c>store</c> and <c>server</c>, and what a person needs
/// to connect to them. Later issues add the demo estate, load generator and agent host here.
/// </summary>
internal sealed class LocalApplication
{
    /// <summary>Principal name of the generated agent token.</summary>
    public const string AgentPrincipal = "local-agent";

    /// <summary>Principal name of the generated operator token.</summary>
    public const string OperatorPrincipal = "local-operator";

    /// <summary>Principal name of the load generator's telemetry token.</summary>
    public const string TelemetryPrincipal = "local-telemetry";

    private LocalApplication(
        string dataDirectory, string stateDirectory, LocalSecrets secrets, string serverDll, Uri serverUrl, Uri controlUrl, Resource store, ProcessResource server,
        IReadOnlyList<ProcessResource> demo)
    {
        ControlUrl = controlUrl;
        Demo = demo;
        DataDirectory = dataDirectory;
        StateDirectory = stateDirectory;
        Secrets = secrets;
        ServerDll = serverDll;
        ServerUrl = serverUrl;
        Store = store;
        Server = server;
    }

    /// <summary>The per-user data directory (shared with the server).</summary>
    public string DataDirectory { get; }

    /// <summary><c>&lt;data&gt;/apphost</c>: the AppHost's lock, state, secrets and store data.</summary>
    public string StateDirectory { get; }

    /// <summary>Store password and bearer tokens.</summary>
    public LocalSecrets Secrets { get; }

    /// <summary>Absolute path of <c>ReliabilityMcp.Server.dll</c>.</summary>
    public string ServerDll { get; }

    /// <summary>Base URL of the server's HTTP endpoint (loopback).</summary>
    public Uri ServerUrl { get; }

    /// <summary>Base URL of the AppHost's own control API (loopback).</summary>
    public Uri ControlUrl { get; }

    /// <summary>The store: a Garnet the AppHost runs, or an existing store from configuration.</summary>
    public Resource Store { get; }

    /// <summary>The MCP server process.</summary>
    public ProcessResource Server { get; }

    /// <summary>The store's connection string (contains the password: for the ready banner only).</summary>
    public string StoreConnectionString => ((IResourceWithConnectionString)Store).ConnectionString;

    /// <summary>The demo estate and load generator (empty with <c>--no-demo</c>).</summary>
    public IReadOnlyList<ProcessResource> Demo { get; }

    /// <summary>All resources, in registration order.</summary>
    public IEnumerable<Resource> Resources => [Store, Server, .. Demo];

    /// <summary>Builds the application from configuration; creates the data folders and secrets on first use.</summary>
    public static LocalApplication Create(IConfiguration configuration, ConsoleLog console)
    {
        var options = configuration.GetSection(AppHostOptions.Section).Get<AppHostOptions>() ?? new AppHostOptions();
        var dataDirectory = ReliabilityMcp.Redis.Embedded.DataDirectory.Resolve(configuration);
        var stateDirectory = StateDirectoryOf(dataDirectory);
        OwnerOnlyFile.CreateDirectory(dataDirectory);
        OwnerOnlyFile.CreateDirectory(stateDirectory);
        var secrets = LocalSecrets.LoadOrCreate(Path.Combine(stateDirectory, "secrets.json"));
        var serverDll = ProjectLocator.Locate(ProjectLocator.Server, options.ServerPath, "AppHost:ServerPath");

        var external = configuration.GetConnectionString("store");
        var storeDirectory = Path.Combine(stateDirectory, "store");
        if (string.IsNullOrWhiteSpace(external))
        {
            // Incident data: owner-only, like the secrets beside it.
            OwnerOnlyFile.CreateDirectory(storeDirectory);
        }

        Resource store = string.IsNullOrWhiteSpace(external)
            ? new GarnetResource(
                "store",
                new EmbeddedGarnetOptions
                {
                    DataDirectory = storeDirectory,
                    Port = options.StorePort,
                    Password = secrets.StorePassword,
                    MemorySize = options.StoreMemorySize,
                    IndexSize = options.StoreIndexSize,
                    StartTimeout = TimeSpan.FromSeconds(120),
                },
                new PrefixedConsoleLogger("store", console, LogLevel.Debug))
            {
                // Above EmbeddedGarnet's own timeout, which includes a first 'dotnet tool restore'.
                StartupTimeout = TimeSpan.FromSeconds(150),
            }
            : new ConnectionStringResource("store", external, new PrefixedConsoleLogger("store", console, LogLevel.Information));

        var port = options.ServerPort != 0 ? options.ServerPort : LoopbackPorts.Free();
        var serverUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var server = new ProcessResource("server", DotnetHost.Path, console)
        {
            // The server finds its appsettings.json and prompts beside its dll.
            WorkingDirectory = Path.GetDirectoryName(serverDll),
        };
        server.Arguments.Add(serverDll);
        server.WithReference(store)
            .WithEnvironment("ASPNETCORE_URLS", serverUrl.GetLeftPart(UriPartial.Authority))
            .WithEnvironment("ReliabilityMcp__DataDirectory", dataDirectory)
            .WithEnvironment("OTEL_SERVICE_NAME", "server")
            // Incident memory starts with the shipped corpus; a marker in the store makes this once-only (issue 3).
            .WithEnvironment("Incidents__SeedOnFirstRun", "true")
            .WithHttpHealthCheck(new Uri(serverUrl, "/health"));
        AddToken(server, 0, AgentPrincipal, secrets.AgentToken, "agent");
        AddToken(server, 1, OperatorPrincipal, secrets.OperatorToken, "approver", "admin");
        AddToken(server, 2, TelemetryPrincipal, secrets.TelemetryToken, "telemetry");
        // The server's chaos runner calls the estate's fault endpoints with this token.
        server.WithEnvironment("Chaos__Token", secrets.ChaosToken);

        // ... and its process executors call our control API with this one.
        var controlPort = options.ControlPort != 0 ? options.ControlPort : LoopbackPorts.Free();
        var controlUrl = new Uri($"http://127.0.0.1:{controlPort.ToString(CultureInfo.InvariantCulture)}");
        server.WithEnvironment("ProcessControl__Token", secrets.ControlToken);

        IReadOnlyList<ProcessResource> demo = options.Demo ? DemoEstate(options, secrets, console, server, serverUrl) : [];
        return new LocalApplication(dataDirectory, stateDirectory, secrets, serverDll, serverUrl, controlUrl, store, server, demo);
    }

    /// <summary>
    /// checkout (calling payments and inventory) with the chaos middleware, and a load generator sending orders to
    /// checkout and every outcome to the server's SLO ingestion, and the reference agent host watching the SLOs. They read only configuration (the Aspire way:
    /// <c>services__&lt;name&gt;__http__0</c>), so they run unchanged under a real Aspire AppHost.
    /// </summary>
    private static List<ProcessResource> DemoEstate(AppHostOptions options, LocalSecrets secrets, ConsoleLog console, ProcessResource server, Uri serverUrl)
    {
        var estateDll = ProjectLocator.Locate(ProjectLocator.DemoEstate, null, "AppHost:Demo=false (to run without the demo)");
        var loadDll = ProjectLocator.Locate(ProjectLocator.LoadGenerator, null, "AppHost:Demo=false (to run without the demo)");
        ProcessResource Service(string name, int port)
        {
            var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            var resource = new ProcessResource(name, DotnetHost.Path, console) { WorkingDirectory = Path.GetDirectoryName(estateDll), Controllable = true };
            resource.Arguments.Add(estateDll);
            resource.WithEnvironment("Demo__Service", name)
                .WithEnvironment("ASPNETCORE_URLS", url.GetLeftPart(UriPartial.Authority))
                .WithEnvironment("Chaos__Token", secrets.ChaosToken)
                .WithEnvironment("OTEL_SERVICE_NAME", name)
                .WithHttpHealthCheck(new Uri(url, "/health"));
            return resource;
        }

        var inventory = Service("inventory", options.InventoryPort);
        var payments = Service("payments", options.PaymentsPort);
        var checkout = Service("checkout", options.CheckoutPort);
        checkout.WithEnvironment("services__inventory__http__0", $"http://127.0.0.1:{options.InventoryPort.ToString(CultureInfo.InvariantCulture)}")
            .WithEnvironment("services__payments__http__0", $"http://127.0.0.1:{options.PaymentsPort.ToString(CultureInfo.InvariantCulture)}")
            .WaitFor(inventory);
        checkout.WaitFor(payments);

        ProcessResource Load(string name)
        {
            // Each instance on its own free port (for its /health): the load generator scales out.
            var loadPort = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
            var load = new ProcessResource(name, DotnetHost.Path, console)
            {
                WorkingDirectory = Path.GetDirectoryName(loadDll),
                Controllable = true,
                MaxReplicas = 4,
                ReplicaFactory = n => Load($"loadgen-{n.ToString(CultureInfo.InvariantCulture)}"),
            };
            load.Arguments.Add(loadDll);
            load.WithEnvironment("services__checkout__http__0", $"http://127.0.0.1:{options.CheckoutPort.ToString(CultureInfo.InvariantCulture)}")
                .WithEnvironment("ASPNETCORE_URLS", $"http://127.0.0.1:{loadPort}")
                .WithEnvironment("Load__IngestUrl", new Uri(serverUrl, "/api/telemetry").ToString())
                .WithEnvironment("Load__IngestToken", secrets.TelemetryToken)
                .WithEnvironment("Load__RequestsPerSecond", options.LoadRequestsPerSecond.ToString(CultureInfo.InvariantCulture))
                .WithEnvironment("OTEL_SERVICE_NAME", name)
                .WithHttpHealthCheck(new Uri($"http://127.0.0.1:{loadPort}/health"))
                .WaitFor(checkout);
            load.WaitFor(server);
            return load;
        }

        var load = Load("loadgen");

        // The reference agent host with the runbook brain, as local-agent (approval mode in the shipped configuration).
        var agentDll = ProjectLocator.Locate(ProjectLocator.Agent, null, "AppHost:Demo=false (to run without the demo)");
        var agent = new ProcessResource("agent", DotnetHost.Path, console) { WorkingDirectory = Path.GetDirectoryName(agentDll), Controllable = true };
        agent.Arguments.Add(agentDll);
        agent.WithEnvironment("Agent__ServerUrl", new Uri(serverUrl, "/mcp").ToString())
            .WithEnvironment("Agent__Token", secrets.AgentToken)
            .WithEnvironment("Agent__Brain", "runbook")
            .WithEnvironment("OTEL_SERVICE_NAME", "agent")
            .WaitFor(server);
        agent.WaitFor(checkout);
        return [inventory, payments, checkout, load, agent];
    }

    /// <summary>Where the AppHost keeps its own files inside the data directory.</summary>
    public static string StateDirectoryOf(string dataDirectory) => Path.Combine(dataDirectory, "apphost");

    /// <summary>Auth:Tokens entry <paramref name="index"/>: the server only ever sees the token's hash.</summary>
    private static void AddToken(ProcessResource server, int index, string principal, string token, params string[] roles)
    {
        var prefix = $"Auth__Tokens__{index.ToString(CultureInfo.InvariantCulture)}__";
        server.WithEnvironment(prefix + "Principal", principal)
            .WithEnvironment(prefix + "Sha256", LocalSecrets.Hash(token));
        for (var i = 0; i < roles.Length; i++)
        {
            server.WithEnvironment($"{prefix}Roles__{i.ToString(CultureInfo.InvariantCulture)}", roles[i]);
        }
    }
}
