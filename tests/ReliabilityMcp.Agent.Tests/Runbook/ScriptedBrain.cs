using System.Collections.Concurrent;
using ReliabilityMcp.Agent.Runbook;

namespace ReliabilityMcp.Agent.Tests.Runbook;

/// <summary>A brain whose episodes end when the test says so, with the end the test gives.</summary>
internal sealed class ScriptedBrain : IAlertBrain
{
    public ConcurrentQueue<TaskCompletionSource<string>> Episodes { get; } = new();

    public async Task<EpisodeReport> HandleAsync(SloAlert alert, CancellationToken cancellationToken)
    {
        var end = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Episodes.Enqueue(end);
        return new EpisodeReport(alert.Service, "k", await end.Task.WaitAsync(cancellationToken));
    }
}
