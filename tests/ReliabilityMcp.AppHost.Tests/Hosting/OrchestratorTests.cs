using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using ReliabilityMcp.AppHost.Hosting;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests.Hosting;

public sealed class OrchestratorTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly RestartPolicy FastRestarts = new() { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(40) };

    private readonly ConcurrentQueue<string> _journal = new();
    private readonly FakeLifetime _lifetime = new();
    private readonly string _directory = RepositoryPaths.NewTempDirectory("orchestrator");

    [Fact]
    public void StartOrder_DependantRegisteredFirst_PutsDependencyFirst()
    {
        var store = new FakeResource("store", _journal);
        var server = new FakeResource("server", _journal);
        server.WaitFor(store);

        var order = Orchestrator.StartOrder([server, store]);

        Assert.Equal(["store", "server"], order.Select(r => r.Name));
    }

    [Fact]
    public void StartOrder_Cycle_Throws()
    {
        var a = new FakeResource("a", _journal);
        var b = new FakeResource("b", _journal);
        a.WaitFor(b);
        b.WaitFor(a);

        var ex = Assert.Throws<InvalidOperationException>(() => Orchestrator.StartOrder([a, b]));

        Assert.Contains("cycle", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartOrder_DependencyNotRegistered_Throws()
    {
        var server = new FakeResource("server", _journal);
        server.WaitFor(new FakeResource("store", _journal));

        Assert.Throws<InvalidOperationException>(() => Orchestrator.StartOrder([server]));
    }

    [Fact]
    public async Task StartAsync_DependencyUnhealthy_HoldsTheDependantBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new FakeResource("store", _journal) { Healthy = false };
        var server = new FakeResource("server", _journal);
        server.WaitFor(store);
        using var sut = Create(store, server);

        await sut.StartAsync(ct);
        await WaitUntilAsync(() => store.Starts == 1, ct);
        Assert.False(sut.AllReady.IsCompleted);
        Assert.Equal(0, server.Starts);
        store.Healthy = true;

        await sut.AllReady.WaitAsync(Deadline, ct);
        Assert.Equal(["start store", "start server"], _journal);
        await sut.StopAsync(ct);
    }

    [Fact]
    public async Task StopAsync_Running_StopsInReverseDependencyOrderAndDeletesState()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new FakeResource("store", _journal);
        var server = new FakeResource("server", _journal);
        server.WaitFor(store);
        using var sut = Create(store, server);
        await sut.StartAsync(ct);
        await sut.AllReady.WaitAsync(Deadline, ct);
        Assert.True(File.Exists(StatePath));

        await sut.StopAsync(ct);

        Assert.Equal(["start store", "start server", "stop server", "stop store"], _journal);
        Assert.False(File.Exists(StatePath));
        Assert.False(_lifetime.StopRequested);
    }

    [Fact]
    public async Task Run_ResourceCrashes_RestartsItWithoutTouchingOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new FakeResource("store", _journal) { Restart = FastRestarts };
        var server = new FakeResource("server", _journal) { Restart = FastRestarts };
        server.WaitFor(store);
        using var sut = Create(store, server);
        await sut.StartAsync(ct);
        await sut.AllReady.WaitAsync(Deadline, ct);

        server.Crash(137);

        await WaitUntilAsync(() => server.Starts == 2 && server.Running, ct);
        Assert.Equal(1, store.Starts);
        Assert.False(_lifetime.StopRequested);
        await sut.StopAsync(ct);
    }

    [Fact]
    public async Task Run_FirstStartFails_StopsTheApplicationWithExitCodeOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new FakeResource("store", _journal) { FailStart = true };
        var server = new FakeResource("server", _journal);
        server.WaitFor(store);
        using var sut = Create(store, server);
        var exitCode = Environment.ExitCode;
        try
        {
            await sut.StartAsync(ct);

            await WaitUntilAsync(() => _lifetime.StopRequested, ct);
            Assert.Equal(1, Environment.ExitCode);
            Assert.Equal(0, server.Starts);
            Assert.Equal(1, store.Starts);
            await sut.StopAsync(ct);
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    [Fact]
    public async Task Run_RestartKeepsFailing_GivesUpAfterMaxFailedStarts()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = new FakeResource("server", _journal) { Restart = new() { InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(5), MaxFailedStarts = 3 } };
        using var sut = Create(server);
        var exitCode = Environment.ExitCode;
        try
        {
            await sut.StartAsync(ct);
            await sut.AllReady.WaitAsync(Deadline, ct);
            server.FailStart = true;

            server.Crash(1);

            await WaitUntilAsync(() => _lifetime.StopRequested, ct);
            Assert.Equal(1 + 3, server.Starts);
            Assert.Equal(1, Environment.ExitCode);
            await sut.StopAsync(ct);
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    [Fact]
    public void RestartPolicy_Next_DoublesUpToTheCap()
    {
        var sut = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5) };

        var delays = new List<TimeSpan>();
        var delay = TimeSpan.Zero;
        for (var i = 0; i < 5; i++)
        {
            delay = sut.Next(delay);
            delays.Add(delay);
        }

        Assert.Equal([1, 2, 4, 5, 5], delays.Select(d => d.TotalSeconds));
    }

    public void Dispose()
    {
        _lifetime.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string StatePath => Path.Combine(_directory, "state.json");

    private Orchestrator Create(params Resource[] resources) =>
        new(resources, new RunStateFile(StatePath, NullLogger.Instance), _lifetime, NullLogger<Orchestrator>.Instance, TimeProvider.System);

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Deadline, "condition not reached in time");
            await Task.Delay(10, cancellationToken);
        }
    }
}
