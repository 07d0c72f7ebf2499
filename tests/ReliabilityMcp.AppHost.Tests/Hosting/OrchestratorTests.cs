using ReliabilityMcp.AppHost.Hosting;

namespace ReliabilityMcp.AppHost.Tests.Hosting;

public sealed class OrchestratorTests : OrchestratorTestBase
{
    [Fact]
    public void StartOrder_DependantRegisteredFirst_PutsDependencyFirst()
    {
        var store = new FakeResource("store", Journal);
        var server = new FakeResource("server", Journal);
        server.WaitFor(store);

        var order = Orchestrator.StartOrder([server, store]);

        Assert.Equal(["store", "server"], order.Select(r => r.Name));
    }

    [Fact]
    public void StartOrder_Cycle_Throws()
    {
        var a = new FakeResource("a", Journal);
        var b = new FakeResource("b", Journal);
        a.WaitFor(b);
        b.WaitFor(a);

        var ex = Assert.Throws<InvalidOperationException>(() => Orchestrator.StartOrder([a, b]));

        Assert.Contains("cycle", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartOrder_DependencyNotRegistered_Throws()
    {
        var server = new FakeResource("server", Journal);
        server.WaitFor(new FakeResource("store", Journal));

        Assert.Throws<InvalidOperationException>(() => Orchestrator.StartOrder([server]));
    }

    [Fact]
    public async Task StartAsync_DependencyUnhealthy_HoldsTheDependantBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new FakeResource("store", Journal) { Healthy = false };
        var server = new FakeResource("server", Journal);
        server.WaitFor(store);
        using var sut = Create(store, server);

        await sut.StartAsync(ct);
        await WaitUntilAsync(() => store.Starts == 1);
        Assert.False(sut.AllReady.IsCompleted);
        Assert.Equal(0, server.Starts);
        store.Healthy = true;

        await sut.AllReady.WaitAsync(Deadline, ct);
        Assert.Equal(["start store", "start server"], Journal);
        await sut.StopAsync(ct);
    }

    [Fact]
    public async Task StopAsync_Running_StopsInReverseDependencyOrderAndDeletesState()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new FakeResource("store", Journal);
        var server = new FakeResource("server", Journal);
        server.WaitFor(store);
        using var sut = Create(store, server);
        await sut.StartAsync(ct);
        await sut.AllReady.WaitAsync(Deadline, ct);
        Assert.True(File.Exists(StatePath));

        await sut.StopAsync(ct);

        Assert.Equal(["start store", "start server", "stop server", "stop store"], Journal);
        Assert.False(File.Exists(StatePath));
        Assert.False(Lifetime.StopRequested);
    }

    [Fact]
    public async Task Run_ResourceCrashes_RestartsItWithoutTouchingOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new FakeResource("store", Journal) { Restart = FastRestarts };
        var server = new FakeResource("server", Journal) { Restart = FastRestarts };
        server.WaitFor(store);
        using var sut = Create(store, server);
        await sut.StartAsync(ct);
        await sut.AllReady.WaitAsync(Deadline, ct);

        server.Crash(137);

        await WaitUntilAsync(() => server.Starts == 2 && server.Running);
        Assert.Equal(1, store.Starts);
        Assert.False(Lifetime.StopRequested);
        await sut.StopAsync(ct);
    }

    [Fact]
    public async Task Run_FirstStartFails_StopsTheApplicationWithExitCodeOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new FakeResource("store", Journal) { FailStart = true };
        var server = new FakeResource("server", Journal);
        server.WaitFor(store);
        using var sut = Create(store, server);
        var exitCode = Environment.ExitCode;
        try
        {
            await sut.StartAsync(ct);

            await WaitUntilAsync(() => Lifetime.StopRequested);
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
        var server = new FakeResource("server", Journal) { Restart = new() { InitialDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(5), MaxFailedStarts = 3 } };
        using var sut = Create(server);
        var exitCode = Environment.ExitCode;
        try
        {
            await sut.StartAsync(ct);
            await sut.AllReady.WaitAsync(Deadline, ct);
            server.FailStart = true;

            server.Crash(1);

            await WaitUntilAsync(() => Lifetime.StopRequested);
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
}
