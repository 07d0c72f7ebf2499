using System.Text;
using System.Text.Json;
using ReliabilityMcp.AppHost.Hosting;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost;

/// <summary>
/// What the AppHost prints once everything is healthy: where to connect, with which tokens, and blocks to
/// paste into Claude Desktop and the MCP Inspector. The first line starts with <see cref="ReadyLine"/> so
/// scripts and tests can wait for it.
/// </summary>
internal static class ReadyBanner
{
    /// <summary>The start of the readiness line.</summary>
    public const string ReadyLine = "ReliabilityMcp is ready";

    /// <summary>Renders the banner (contains the tokens and the store password: console only, never a log).</summary>
    public static string Render(LocalApplication app)
    {
        var mcp = new Uri(app.ServerUrl, "/mcp");
        var store = app.Store is GarnetResource garnet
            ? $"{StoreHealth.Describe(app.StoreConnectionString)}, data in {garnet.DataDirectory}"
            : $"{StoreHealth.Describe(app.StoreConnectionString)} (ConnectionStrings:store)";
        var text = new StringBuilder();
        text.AppendLine()
            .AppendLine($"{ReadyLine} at {mcp}")
            .AppendLine($"  MCP endpoint:    {mcp}  (Streamable HTTP, header Authorization: Bearer <token>)")
            .AppendLine($"  Console:         {new Uri(app.ServerUrl, "/console/")}  (log in with the operator token)")
            .AppendLine($"  Health:          {new Uri(app.ServerUrl, "/health")}")
            .AppendLine($"  Agent token:     {app.Secrets.AgentToken}  ({LocalApplication.AgentPrincipal}: agent)")
            .AppendLine($"  Operator token:  {app.Secrets.OperatorToken}  ({LocalApplication.OperatorPrincipal}: approver, admin)")
            .AppendLine($"  Store:           {store}")
            .AppendLine($"  Control API:     {new Uri(app.ControlUrl, "/resources")}  (restart/stop/start/scale; the server's process executors call it)")
            .AppendLine($"  Secrets:         {Path.Combine(app.StateDirectory, "secrets.json")} (delete to rotate tokens and store password)")
            .AppendLine(app.Demo.Count > 0
                ? $"  Demo estate:     {string.Join(", ", app.Demo.Select(r => r.Name))} (--no-demo to run without it)"
                : "  Demo estate:     off (--no-demo)")
            .AppendLine()
            .AppendLine("Claude Desktop: merge into claude_desktop_config.json (stdio server on this store; needs the AppHost running):")
            .AppendLine(ClaudeDesktopConfig(app))
            .AppendLine()
            .AppendLine("MCP Inspector (CLI):")
            .AppendLine($"  npx @modelcontextprotocol/inspector --cli {mcp} --transport http --header \"Authorization: Bearer {app.Secrets.AgentToken}\" --method tools/list")
            .AppendLine()
            .AppendLine("Press Ctrl+C to stop.");
        return text.ToString();
    }

    /// <summary>The <c>mcpServers</c> entry that launches the server over stdio against this store.</summary>
    public static string ClaudeDesktopConfig(LocalApplication app)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("mcpServers");
            json.WriteStartObject("reliabilitymcp");
            json.WriteString("command", DotnetHost.Path);
            json.WriteStartArray("args");
            json.WriteStringValue(app.ServerDll);
            json.WriteStringValue("--stdio");
            json.WriteEndArray();
            json.WriteStartObject("env");
            json.WriteString("ConnectionStrings__store", app.StoreConnectionString);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
