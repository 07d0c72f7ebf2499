using ReliabilityMcp.Server.Remediation;

namespace ReliabilityMcp.Server.Resources;

/// <summary>One resource: a service from the graph, a process the AppHost manages, or both (merged by name).</summary>
/// <param name="Name">The name.</param>
/// <param name="Service">Whether it is a service in the <c>services:</c> section.</param>
/// <param name="Probe">The live health probe, for services with a health check.</param>
/// <param name="Process">What the AppHost reports about it, when the AppHost manages it.</param>
public sealed record ResourceStatus(string Name, bool Service, ResourceProbe? Probe = null, ProcessResourceView? Process = null);
