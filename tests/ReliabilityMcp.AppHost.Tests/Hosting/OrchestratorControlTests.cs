using ReliabilityMcp.AppHost.Hosting;

namespace ReliabilityMcp.AppHost.Tests.Hosting;

/// <summary>Restart, stop, start and scale requests as the control API sends them to the orchestrator.</summary>
public sealed class OrchestratorControlTests : OrchestratorTestBase
{
    [Fact]
    public async Task Restart_Requested_ReplacesTheInstanceOnceItIsHealthyAgain()
    {
        var (store, checkout) = Pair();
        using var sut = await StartedAsync(store, checkout);
        var supervisor = sut.Find("checkout")!;

        var failure = await supervisor.SendAsync(ControlOperation.Restart).WaitAsync(Deadline, Ct);

        Assert.Null(failure);
        Assert.Equal(["start store", "start checkout", "stop checkout", "start checkout"], Journal);
        Assert.Equal(ResourceState.Running, supervisor.State);
        Assert.Equal(1, supervisor.Restarts);
        Assert.Equal(1, store.Starts);
        Assert.False(Lifetime.StopRequested);
        await sut.StopAsync(Ct);
    }

    [Fact]
    public async Task Restart_NewInstanceNeverHealthy_AnswersWhyAndKeepsTrying()
    {
        var store = new FakeResource("store", Journal);
        var checkout = new FakeResource("checkout", Journal)
        {
            Controllable = true,
            Restart = new() { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(10), MaxFailedStarts = 100 },
            StartupTimeout = TimeSpan.FromMilliseconds(300),
        };
        checkout.WaitFor(store);
        using var sut = await StartedAsync(store, checkout);
        checkout.Healthy = false;

        var failure = await sut.Find("checkout")!.SendAsync(ControlOperation.Restart).WaitAsync(Deadline, Ct);

        Assert.NotNull(failure);
        Assert.Contains("did not come back", failure, StringComparison.Ordinal);
        checkout.Healthy = true;
        await WaitUntilAsync(() => sut.Find("checkout")!.State == ResourceState.Running);
        Assert.False(Lifetime.StopRequested);
        await sut.StopAsync(Ct);
    }

    [Fact]
    public async Task Stop_Requested_StaysDownThroughLaterRequestsUntilStarted()
    {
        var (store, checkout) = Pair();
        using var sut = await StartedAsync(store, checkout);
        var supervisor = sut.Find("checkout")!;

        Assert.Null(await supervisor.SendAsync(ControlOperation.Stop).WaitAsync(Deadline, Ct));
        Assert.False(checkout.Running);
        Assert.Equal(ResourceState.Stopped, supervisor.State);

        // A second stop is a no-op; only start (or restart) brings it back.
        Assert.Null(await supervisor.SendAsync(ControlOperation.Stop).WaitAsync(Deadline, Ct));
        Assert.Equal(1, checkout.Starts);
        Assert.Null(await supervisor.SendAsync(ControlOperation.Start).WaitAsync(Deadline, Ct));

        Assert.True(checkout.Running);
        Assert.Equal(2, checkout.Starts);
        Assert.Equal(ResourceState.Running, supervisor.State);
        await sut.StopAsync(Ct);
    }

    [Fact]
    public async Task Start_AlreadyRunning_ChangesNothing()
    {
        var (store, checkout) = Pair();
        using var sut = await StartedAsync(store, checkout);

        Assert.Null(await sut.Find("checkout")!.SendAsync(ControlOperation.Start).WaitAsync(Deadline, Ct));

        Assert.Equal(1, checkout.Starts);
        Assert.Equal(["start store", "start checkout"], Journal);
        await sut.StopAsync(Ct);
    }

    [Fact]
    public async Task Request_ApplicationGaveUpOnTheResource_AnsweredInsteadOfHanging()
    {
        var checkout = new FakeResource("checkout", Journal) { Controllable = true, FailStart = true };
        using var sut = Create(checkout);
        var exitCode = Environment.ExitCode;
        try
        {
            await sut.StartAsync(Ct);
            await WaitUntilAsync(() => Lifetime.StopRequested);

            var failure = await sut.Find("checkout")!.SendAsync(ControlOperation.Restart).WaitAsync(Deadline, Ct);

            Assert.NotNull(failure);
            Assert.Equal(ResourceState.Failed, sut.Find("checkout")!.State);
            await sut.StopAsync(Ct);
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    [Fact]
    public async Task Scale_OutAndIn_StartsReplicasHealthyAndStopsTheNewestFirst()
    {
        var store = new FakeResource("store", Journal);
        var load = Scalable("loadgen", store);
        using var sut = await StartedAsync(store, load);

        var (previous, error) = await sut.ScaleAsync("loadgen", 3, Ct);

        Assert.Null(error);
        Assert.Equal(1, previous);
        Assert.Equal(3, sut.ReplicasOf("loadgen"));
        Assert.Equal(["store", "loadgen", "loadgen-2", "loadgen-3"], sut.Supervisors.Select(s => s.Resource.Name));
        Assert.All(sut.Supervisors, s => Assert.Equal(ResourceState.Running, s.State));

        (previous, error) = await sut.ScaleAsync("loadgen", 1, Ct);

        Assert.Null(error);
        Assert.Equal(3, previous);
        Assert.Equal(["store", "loadgen"], sut.Supervisors.Select(s => s.Resource.Name));
        Assert.Equal(["stop loadgen-3", "stop loadgen-2"], Journal.Where(e => e.StartsWith("stop", StringComparison.Ordinal)));
        await sut.StopAsync(Ct);
    }

    [Fact]
    public async Task Scale_ThenShutdown_StopsReplicasToo()
    {
        var store = new FakeResource("store", Journal);
        var load = Scalable("loadgen", store);
        using var sut = await StartedAsync(store, load);
        Assert.Null((await sut.ScaleAsync("loadgen", 2, Ct)).Error);

        await sut.StopAsync(Ct);

        Assert.Contains("stop loadgen-2", Journal);
        Assert.Contains("stop loadgen", Journal);
        Assert.False(File.Exists(StatePath));
    }

    [Theory]
    [InlineData("checkout", 2, "cannot run more than one instance")]
    [InlineData("loadgen", 0, "out of range")]
    [InlineData("loadgen", 4, "out of range")]
    [InlineData("nothing", 2, "no resource named")]
    public async Task Scale_NotAllowed_RefusedWithoutStartingAnything(string name, int replicas, string expected)
    {
        var (store, checkout) = Pair();
        var load = Scalable("loadgen", store);
        using var sut = await StartedAsync(store, checkout, load);
        var starts = Journal.Count;

        var (_, error) = await sut.ScaleAsync(name, replicas, Ct);

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(starts, Journal.Count);
        await sut.StopAsync(Ct);
    }

    [Fact]
    public async Task Scale_ReplicaNeverHealthy_RemovedAndReported()
    {
        var store = new FakeResource("store", Journal);
        var load = new FakeResource("loadgen", Journal)
        {
            Controllable = true,
            MaxReplicas = 3,
            ReplicaFactory = n => new FakeResource($"loadgen-{n}", Journal) { Healthy = false, StartupTimeout = TimeSpan.FromMilliseconds(200) },
            StartupTimeout = TimeSpan.FromSeconds(1),
        };
        load.WaitFor(store);
        using var sut = await StartedAsync(store, load);

        var (_, error) = await sut.ScaleAsync("loadgen", 2, Ct);

        Assert.NotNull(error);
        Assert.Contains("loadgen-2 did not become healthy", error, StringComparison.Ordinal);
        Assert.Equal(1, sut.ReplicasOf("loadgen"));
        Assert.Contains("stop loadgen-2", Journal);
        Assert.False(Lifetime.StopRequested);
        await sut.StopAsync(Ct);
    }

    private (FakeResource Store, FakeResource Checkout) Pair()
    {
        var store = new FakeResource("store", Journal) { Restart = FastRestarts };
        var checkout = new FakeResource("checkout", Journal) { Restart = FastRestarts, Controllable = true };
        checkout.WaitFor(store);
        return (store, checkout);
    }

    private FakeResource Scalable(string name, Resource dependency)
    {
        var resource = new FakeResource(name, Journal)
        {
            Controllable = true,
            MaxReplicas = 3,
            ReplicaFactory = n => new FakeResource($"{name}-{n}", Journal),
        };
        resource.WaitFor(dependency);
        return resource;
    }

    private async Task<Orchestrator> StartedAsync(params Resource[] resources)
    {
        var sut = Create(resources);
        await sut.StartAsync(Ct);
        await sut.AllReady.WaitAsync(Deadline, Ct);
        return sut;
    }
}
