namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>A resource could not be brought to healthy and the orchestrator gave up on it.</summary>
internal sealed class ResourceStartException(string resource, string reason) : Exception($"{resource} could not be started: {reason}")
{
    /// <summary>The resource that failed.</summary>
    public string Resource { get; } = resource;

    /// <summary>Why, in words for the console.</summary>
    public string Reason { get; } = reason;
}
