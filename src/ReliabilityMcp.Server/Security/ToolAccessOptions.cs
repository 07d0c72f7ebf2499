namespace ReliabilityMcp.Server.Security;

/// <summary>Which tools callers may see and call, beyond their roles (configuration section <c>Mcp</c>).</summary>
public sealed class ToolAccessOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Mcp";

    /// <summary>
    /// Serves read-only tools only, to every caller and on both transports: tools not annotated read-only
    /// (execute_remediation, approve_request, run_chaos, record_incident, record_outcome) are left out of
    /// <c>tools/list</c> and refused when called.
    /// </summary>
    /// <value>Default false.</value>
    public bool ReadOnly { get; set; }
}
