namespace ReliabilityMcp.Core.Guardrails;

/// <summary>A risk class with the reasons that produced it.</summary>
public sealed record RiskAssessment(RiskClass Risk, IReadOnlyList<string> Reasons);
