using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.Agent;

/// <summary>How the agent host reaches the ReliabilityMcp server. Section <c>Agent</c>.</summary>
public sealed class AgentOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Agent";

    /// <summary>The server's Streamable HTTP endpoint.</summary>
    [Required]
    public Uri ServerUrl { get; set; } = new("http://127.0.0.1:5180/mcp");

    /// <summary>The agent's own bearer token (an agent-role token; never an approver's). Never logged.</summary>
    public string? Token { get; set; }
}
