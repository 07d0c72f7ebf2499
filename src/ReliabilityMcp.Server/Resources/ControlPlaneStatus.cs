namespace ReliabilityMcp.Server.Resources;

/// <summary>Whether the AppHost control API (of the first <c>process</c> executor) could be read.</summary>
/// <param name="Url">Its base URL.</param>
/// <param name="Executor">The executor whose URL and token were used.</param>
/// <param name="Reachable">Whether it answered at all.</param>
/// <param name="Error">Why its resources are not shown (unreachable, no token, refused), or null.</param>
public sealed record ControlPlaneStatus(string Url, string Executor, bool Reachable, string? Error = null);
