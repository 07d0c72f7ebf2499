using System.Globalization;
using System.Net.Http.Json;

namespace ReliabilityMcp.AppHost;

/// <summary>
/// checkout (calling payments and inventory) behind the chaos middleware, a load generator sending orders to checkout
/// and every outcome to the server's SLO ingestion, and the reference agent watching the SLOs.
/// </summary>
internal static class DemoEstate
{
    /// <summary>Adds inventory, payments, checkout, loadgen and agent.</summary>
    public static void Add(IDistributedApplicationBuilder builder, AppHostSettings settings, LocalSecrets secrets, IResourceBuilder<ProjectResource> server)
    {
        var inventory = Service(builder, "inventory", settings.InventoryPort, secrets);
        var payments = Service(builder, "payments", settings.PaymentsPort, secrets);
        var checkout = Service(builder, "checkout", settings.CheckoutPort, secrets)
            .WithReference(inventory).WaitFor(inventory)
            .WithReference(payments).WaitFor(payments);

        var serverHttp = server.GetEndpoint("http");
        builder.AddProject<Projects.ReliabilityMcp_LoadGenerator>("loadgen", launchProfileName: null)
            .WithHttpEndpoint(name: "http")
            .WithReference(checkout).WaitFor(checkout)
            .WaitFor(server)
            .WithEnvironment("Load__IngestUrl", ReferenceExpression.Create($"{serverHttp}/api/telemetry"))
            .WithEnvironment("Load__IngestToken", secrets.TelemetryToken)
            .WithEnvironment("Load__RequestsPerSecond", settings.LoadRequestsPerSecond.ToString(CultureInfo.InvariantCulture))
            .WithHttpHealthCheck("/health");

        // The reference agent host with the runbook brain, as local-agent (approval mode in the shipped configuration).
        builder.AddProject<Projects.ReliabilityMcp_Agent>("agent", launchProfileName: null)
            .WithEnvironment("Agent__ServerUrl", ReferenceExpression.Create($"{serverHttp}/mcp"))
            .WithEnvironment("Agent__Token", secrets.AgentToken)
            .WithEnvironment("Agent__Brain", "runbook")
            .WaitFor(server)
            .WaitFor(checkout);
    }

    /// <summary>
    /// One demo service on a fixed loopback port (the shipped reliability.yaml names it), not proxied: a restart
    /// really ends the process that holds the port. Commands inject and clear a fault through the chaos endpoint.
    /// </summary>
    private static IResourceBuilder<ProjectResource> Service(IDistributedApplicationBuilder builder, string name, int port, LocalSecrets secrets) =>
        builder.AddProject<Projects.ReliabilityMcp_DemoEstate>(name, launchProfileName: null)
            .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
            .WithEnvironment("Demo__Service", name)
            .WithEnvironment("Chaos__Token", secrets.ChaosToken)
            .WithHttpHealthCheck("/health")
            .WithHttpCommand("/_chaos/faults", "Inject fault (503 on half the requests, 10 min)", endpointName: "http", commandName: "inject-fault", commandOptions: new HttpCommandOptions
            {
                Method = HttpMethod.Post,
                Description = "POST /_chaos/faults: error rate 0.5, status 503, for 600 s",
                IconName = "Bug",
                PrepareRequest = async context =>
                {
                    context.Request.Headers.Add("X-Chaos-Token", await LocalSecrets.ValueAsync(secrets.ChaosToken, context.CancellationToken).ConfigureAwait(false));
                    context.Request.Content = JsonContent.Create(new { type = "error", rate = 0.5, status_code = 503, duration_seconds = 600 });
                },
            })
            .WithHttpCommand("/_chaos/faults", "Clear faults", endpointName: "http", commandName: "clear-faults", commandOptions: new HttpCommandOptions
            {
                Method = HttpMethod.Delete,
                Description = "DELETE /_chaos/faults: removes every active fault",
                IconName = "BugOff",
                PrepareRequest = async context =>
                    context.Request.Headers.Add("X-Chaos-Token", await LocalSecrets.ValueAsync(secrets.ChaosToken, context.CancellationToken).ConfigureAwait(false)),
            });
}
