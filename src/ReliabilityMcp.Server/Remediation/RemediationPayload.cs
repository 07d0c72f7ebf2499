namespace ReliabilityMcp.Server.Remediation;

/// <summary>What a remediation approval carries besides the guarded request: the validated parameters.</summary>
/// <param name="Parameters">Validated action parameters.</param>
internal sealed record RemediationPayload(IReadOnlyDictionary<string, string> Parameters);
