using System.Reflection;
using System.Text;
using System.Text.Json;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost;

/// <summary>
/// What the AppHost prints once the server (and the demo estate) are healthy: the dashboard login link, the MCP
/// endpoint, the tokens, a Claude Desktop block and an MCP Inspector command. The first line starts with
/// <see cref="ReadyLine"/> so scripts and tests can wait for it. Secrets go to the console only, never to a log.
/// </summary>
internal sealed class ReadyBanner(
    BannerInputs inputs, IConfiguration configuration, DistributedApplicationModel model, ResourceNotificationService notifications, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    /// <summary>The start of the readiness line.</summary>
    public const string ReadyLine = "ReliabilityMcp is ready";

    /// <summary>The name Aspire gives the dashboard's (hidden) resource.</summary>
    public const string DashboardResource = "aspire-dashboard";

    /// <summary>
    /// The dashboard's login link (<c>/login?t=...</c>), or null when the dashboard is off: the dashboard resource's
    /// allocated http(s) endpoint (the test builder picks its own port) or else the first <c>ASPNETCORE_URLS</c>, with
    /// the browser token Aspire settled on in <c>AppHost:BrowserToken</c>. That key is Aspire's output, not an input:
    /// unless <c>ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN</c> is set, the builder generates a token and overwrites it.
    /// </summary>
    /// <param name="configuration">The AppHost's configuration.</param>
    /// <param name="model">The application model, once the dashboard resource is in it.</param>
    public static string? DashboardLoginUrl(IConfiguration configuration, DistributedApplicationModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoints = model?.Resources.FirstOrDefault(r => r.Name == DashboardResource)?.Annotations.OfType<EndpointAnnotation>()
            .Where(e => e.AllocatedEndpoint is not null && e.Name is "https" or "http")
            .OrderBy(e => e.Name == "https" ? 0 : 1)
            .Select(e => e.AllocatedEndpoint!.UriString);
        var first = endpoints?.FirstOrDefault()
            ?? configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (string.IsNullOrWhiteSpace(first))
        {
            return null;
        }

        first = first.TrimEnd('/');
        return configuration["AppHost:BrowserToken"] is { Length: > 0 } token ? $"{first}/login?t={token}" : first;
    }

    /// <summary>Where the server's dll was built (the Claude Desktop block runs it over stdio).</summary>
    public static string ServerDll()
    {
        var configuration = typeof(ReadyBanner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var project = Path.GetDirectoryName(new Projects.ReliabilityMcp_Server().ProjectPath)!;
        return Path.Combine(project, "bin", configuration, "net10.0", "ReliabilityMcp.Server.dll");
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Started is raised once the orchestrator runs; the resources' health comes after it.
            await Task.WhenAny(Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted), Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
            await notifications.WaitForResourceHealthyAsync("server", stoppingToken).ConfigureAwait(false);
            if (inputs.Settings.Demo)
            {
                foreach (var name in new[] { "checkout", "loadgen" })
                {
                    await notifications.WaitForResourceHealthyAsync(name, stoppingToken).ConfigureAwait(false);
                }
            }

            var text = await RenderAsync(stoppingToken).ConfigureAwait(false);
            await Console.Out.WriteAsync(text).ConfigureAwait(false);
            await Console.Out.FlushAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<string> RenderAsync(CancellationToken cancellationToken)
    {
        var secrets = inputs.Secrets;
        var agentToken = await LocalSecrets.ValueAsync(secrets.AgentToken, cancellationToken).ConfigureAwait(false);
        var operatorToken = await LocalSecrets.ValueAsync(secrets.OperatorToken, cancellationToken).ConfigureAwait(false);
        var storeConnection = await inputs.Store.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "";
        var server = new Uri($"http://127.0.0.1:{inputs.Settings.ServerPort}");
        var mcp = new Uri(server, "/mcp");
        var text = new StringBuilder();
        text.AppendLine()
            .AppendLine($"{ReadyLine} at {mcp}")
            .AppendLine($"  Dashboard:       {DashboardLoginUrl(configuration, model) ?? "off"}")
            .AppendLine($"  MCP endpoint:    {mcp}  (Streamable HTTP, header Authorization: Bearer <token>)")
            .AppendLine($"  Console:         {new Uri(server, "/console/")}  (log in with the operator token)")
            .AppendLine($"  Agent token:     {agentToken}  ({LocalSecrets.AgentPrincipal}: agent)")
            .AppendLine($"  Operator token:  {operatorToken}  ({LocalSecrets.OperatorPrincipal}: approver, admin)")
            .AppendLine($"  Store:           {StoreHealth.Describe(storeConnection)}, data in {Path.Combine(inputs.DataDirectory, "apphost", "store")}")
            .AppendLine($"  Secrets:         Aspire parameters in the AppHost's user secrets (dotnet user-secrets list --project AppHost)")
            .AppendLine(inputs.Settings.Demo
                ? "  Demo estate:     inventory, payments, checkout, loadgen, agent (--no-demo to run without it)"
                : "  Demo estate:     off (--no-demo)")
            .AppendLine()
            .AppendLine("Claude Desktop: merge into claude_desktop_config.json (stdio server on this store; needs the store running):")
            .AppendLine(ClaudeDesktopConfig(storeConnection))
            .AppendLine()
            .AppendLine("MCP Inspector (CLI, from any folder; npx fetches it):")
            .AppendLine($"  npx -y @modelcontextprotocol/inspector --cli {mcp} --transport http --header \"Authorization: Bearer {agentToken}\" --method tools/list")
            .AppendLine()
            .AppendLine("Press Ctrl+C to stop.");
        return text.ToString();
    }

    /// <summary>The <c>mcpServers</c> entry that launches the server over stdio against this store.</summary>
    private static string ClaudeDesktopConfig(string storeConnection)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("mcpServers");
            json.WriteStartObject("reliabilitymcp");
            json.WriteString("command", DotnetHost.Path);
            json.WriteStartArray("args");
            json.WriteStringValue(ServerDll());
            json.WriteStringValue("--stdio");
            json.WriteEndArray();
            json.WriteStartObject("env");
            json.WriteString("ConnectionStrings__store", storeConnection);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>What the banner is made of.</summary>
/// <param name="Settings">The AppHost settings.</param>
/// <param name="DataDirectory">The data directory.</param>
/// <param name="Store">The store resource.</param>
/// <param name="Secrets">The secret parameters.</param>
internal sealed record BannerInputs(AppHostSettings Settings, string DataDirectory, GarnetResource Store, LocalSecrets Secrets);
