namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>One queued <see cref="ControlOperation"/>; <see cref="Done"/> completes with null on success, or why it failed.</summary>
internal sealed record ControlRequest(ControlOperation Operation)
{
    /// <summary>Completes once the operation took effect (restart/start: the new instance is healthy).</summary>
    public TaskCompletionSource<string?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
