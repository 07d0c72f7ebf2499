namespace ReliabilityMcp.Core.Audit;

/// <summary>What is being audited, before it is placed in the chain.</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Principal">Who (authenticated identity).</param>
/// <param name="Tool">Tool or operation, e.g. <c>execute_remediation</c>.</param>
/// <param name="Decision">Outcome, e.g. <c>deny</c>, <c>what_if</c>, <c>read</c>.</param>
/// <param name="InputsDigest">SHA-256 (hex) of the canonical inputs: the inputs themselves may be sensitive.</param>
/// <param name="Detail">Short human-readable detail (no secrets).</param>
public sealed record AuditRecord(DateTimeOffset Time, string Principal, string Tool, string Decision, string InputsDigest, string Detail);
