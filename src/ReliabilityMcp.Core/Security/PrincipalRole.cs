namespace ReliabilityMcp.Core.Security;

/// <summary>Roles a principal can hold (shared/DESIGN.md §5).</summary>
public enum PrincipalRole
{
    /// <summary>An LLM agent: may call tools; never approves.</summary>
    Agent,

    /// <summary>A human who may approve or reject pending requests of other principals.</summary>
    Approver,

    /// <summary>Operates the server: configuration, audit, approvals.</summary>
    Admin,

    /// <summary>A telemetry sender: may post batches to <c>POST /api/telemetry</c>, nothing else of the operator API.</summary>
    Telemetry,
}
