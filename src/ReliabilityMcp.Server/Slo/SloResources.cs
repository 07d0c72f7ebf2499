using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Server.Configuration;

namespace ReliabilityMcp.Server.Slo;

/// <summary>The SLO definitions in force, as an MCP resource.</summary>
[McpServerResourceType]
public sealed class SloResources(HotReloadingConfigurationSource configuration)
{
    /// <summary>The SLO definitions.</summary>
    [McpServerResource(UriTemplate = "reliability://slos", Name = "slos", Title = "SLO definitions", MimeType = "application/json")]
    [Description("The service level objectives in force: service, name, SLI (availability or latency with its threshold in ms), objective in percent, rolling window in days, minimum events for a verdict; plus the Prometheus scrape targets and the share of budget chaos experiments need (chaos_min_budget_remaining).")]
    public string ReadSlos() => JsonSerializer.Serialize(
        new { version = configuration.Version, slos = configuration.Current.Slos }, McpJsonUtilities.DefaultOptions);
}
