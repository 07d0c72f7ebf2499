using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace ReliabilityMcp.Server.Configuration;

/// <summary>The configuration in force, as MCP resources.</summary>
[McpServerResourceType]
public sealed class ConfigurationResources(HotReloadingConfigurationSource configuration)
{
    /// <summary>The healing policies in force.</summary>
    [McpServerResource(UriTemplate = "reliability://policies", Name = "policies", Title = "Healing policies", MimeType = "application/json")]
    [Description("The healing policies in force: conditions, actions, priority (1 first), cooldown seconds and hourly cap per service.")]
    public string ReadPolicies() => JsonSerializer.Serialize(
        new { version = configuration.Version, policies = configuration.Current.Policies }, McpJsonUtilities.DefaultOptions);

    /// <summary>The service graph, action catalogue and guard settings in force.</summary>
    [McpServerResource(UriTemplate = "reliability://guard", Name = "guard", Title = "Service graph, action catalogue and guard settings", MimeType = "application/json")]
    [Description("The service graph (dependencies, criticality, data sensitivity, compliance, replicas), the action catalogue (reversibility, base risk, blacklist) and the guard settings (modes, blast radius limits, freezes, rate limits, confidence thresholds) the server decides with.")]
    public string ReadGuard()
    {
        var c = configuration.Current;
        return JsonSerializer.Serialize(
            new { version = configuration.Version, services = c.Services, actions = c.Actions, guard = c.Guard }, McpJsonUtilities.DefaultOptions);
    }
}
