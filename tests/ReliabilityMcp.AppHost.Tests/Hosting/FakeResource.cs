using System.Collections.Concurrent;
using ReliabilityMcp.AppHost.Hosting;

namespace ReliabilityMcp.AppHost.Tests.Hosting;

/// <summary>A resource without a process: the test decides when it is healthy and when it "crashes".</summary>
internal sealed class FakeResource(string name, ConcurrentQueue<string> journal) : Resource(name)
{
    private TaskCompletionSource<int?> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _starts;

    public int Starts => Volatile.Read(ref _starts);

    public bool Healthy { get; set; } = true;

    public bool FailStart { get; set; }

    public bool Running { get; private set; }

    public override int? ProcessId => Running ? 1_000_000 + Starts : null;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        journal.Enqueue($"start {Name}");
        Interlocked.Increment(ref _starts);
        if (FailStart)
        {
            throw new InvalidOperationException($"{Name} refuses to start");
        }

        _exit = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Running = true;
        return Task.CompletedTask;
    }

    public override Task<bool> CheckHealthAsync(CancellationToken cancellationToken) => Task.FromResult(Running && Healthy);

    public override Task<int?> WaitForExitAsync(CancellationToken cancellationToken) => _exit.Task.WaitAsync(cancellationToken);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        if (Running)
        {
            journal.Enqueue($"stop {Name}");
        }

        Running = false;
        return Task.CompletedTask;
    }

    /// <summary>Simulates the process dying on its own.</summary>
    public void Crash(int exitCode)
    {
        Running = false;
        _exit.TrySetResult(exitCode);
    }
}
