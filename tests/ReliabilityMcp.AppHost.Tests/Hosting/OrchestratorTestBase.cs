using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using ReliabilityMcp.AppHost.Hosting;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests.Hosting;

/// <summary>An orchestrator over <see cref="FakeResource"/>s, a journal of their starts and stops, and a state-file folder.</summary>
public abstract class OrchestratorTestBase : IDisposable
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private protected static readonly RestartPolicy FastRestarts = new() { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(40) };

    private readonly string _directory = RepositoryPaths.NewTempDirectory("orchestrator");

    private protected ConcurrentQueue<string> Journal { get; } = new();

    private protected FakeLifetime Lifetime { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected string StatePath => Path.Combine(_directory, "state.json");

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Lifetime.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }

    private protected Orchestrator Create(params Resource[] resources) =>
        new(resources, new RunStateFile(StatePath, NullLogger.Instance), Lifetime, NullLogger<Orchestrator>.Instance, TimeProvider.System);

    protected static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Deadline, "condition not reached in time");
            await Task.Delay(10, Ct);
        }
    }
}
