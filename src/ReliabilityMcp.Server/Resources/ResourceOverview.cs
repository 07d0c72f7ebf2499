namespace ReliabilityMcp.Server.Resources;

/// <summary>The answer of <c>GET /api/resources</c>.</summary>
/// <param name="CheckedAt">When the probes ran (UTC).</param>
/// <param name="Resources">Services in graph order, then resources only the AppHost knows, in its order.</param>
/// <param name="ControlPlane">The AppHost control API's status, or null when no <c>process</c> executor is configured.</param>
public sealed record ResourceOverview(DateTimeOffset CheckedAt, IReadOnlyList<ResourceStatus> Resources, ControlPlaneStatus? ControlPlane);
