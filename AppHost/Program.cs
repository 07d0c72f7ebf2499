using ReliabilityMcp.AppHost;
using ReliabilityMcp.Redis.Embedded;

// `dotnet run --project AppHost`: the store, the MCP server and (unless --no-demo) the demo estate, its load generator
// and the reference agent, as Aspire resources; the dashboard is the monitor. See AppHost/README.md.
var noDemo = args.Contains("--no-demo");
args = [.. args.Where(a => a != "--no-demo"), .. noDemo ? new[] { "--AppHost:Demo=false" } : []];
var builder = DistributedApplication.CreateBuilder(args);
var settings = builder.Configuration.GetSection(AppHostSettings.Section).Get<AppHostSettings>() ?? new AppHostSettings();
var dataDirectory = DataDirectory.Resolve(builder.Configuration);
OwnerOnlyFile.CreateDirectory(dataDirectory);

var secrets = LocalSecrets.Add(builder);
var garnetDll = await GarnetToolLocator.LocateAsync(null, CancellationToken.None);
var store = builder.AddGarnet(
    "store", garnetDll, settings.StorePort != 0 ? settings.StorePort : LoopbackPorts.Free(), secrets.StorePassword,
    Path.Combine(dataDirectory, "apphost", "store"), settings.StoreMemorySize, settings.StoreIndexSize);

var server = builder.AddProject<Projects.ReliabilityMcp_Server>("server", launchProfileName: null)
    // Aspire's proxy listens on the port; the replicas behind it on ports of their own.
    .WithHttpEndpoint(port: settings.ServerPort, name: "http")
    .WithReplicas(Math.Max(1, settings.ServerReplicas))
    .WithReference(store)
    .WaitFor(store)
    .WithEnvironment("ReliabilityMcp__DataDirectory", dataDirectory)
    // Incident memory starts with the shipped corpus; a marker in the store makes this once-only.
    .WithEnvironment("Incidents__SeedOnFirstRun", "true")
    .WithServerTokens(secrets)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
var serverHttp = server.GetEndpoint("http");
server.WithUrl($"{serverHttp}/mcp", "MCP endpoint")
    .WithUrl($"{serverHttp}/console/", "Operator console");

if (settings.Demo)
{
    DemoEstate.Add(builder, settings, secrets, server);
}

builder.Services.AddSingleton(new BannerInputs(settings, dataDirectory, store.Resource, secrets));
builder.Services.AddHostedService<ReadyBanner>();
ControlApi.Add(builder, settings, secrets);

builder.Build().Run();
