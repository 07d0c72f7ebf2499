using ReliabilityMcp.Core.Chaos;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>An experiment the guard let through (directly or after approval), ready to run.</summary>
/// <param name="TemplateName">Template name.</param>
/// <param name="Template">The template, with the caller's parameters applied.</param>
/// <param name="Target">Target service, or <see cref="ChaosTargetKinds.ControlPlaneTargetName"/>.</param>
/// <param name="DurationSeconds">Run length.</param>
/// <param name="Principal">Requester.</param>
/// <param name="ApprovalId">Approval id when it ran after approval.</param>
/// <param name="Approvers">Who approved.</param>
public sealed record ChaosRunRequest(
    string TemplateName, ChaosTemplate Template, string Target, int DurationSeconds, string Principal,
    string? ApprovalId = null, IReadOnlyList<string>? Approvers = null);
