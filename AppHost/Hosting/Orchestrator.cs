using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>
/// Starts the application's resources in dependency order, each only once the resources it waits for are
/// healthy; restarts the ones that die; on shutdown (Ctrl+C, SIGTERM) stops them in reverse order and
/// waits for each. If a resource cannot be started, stops everything and sets exit code 1.
/// </summary>
internal sealed class Orchestrator(
    IEnumerable<Resource> resources,
    RunStateFile state,
    IHostApplicationLifetime lifetime,
    ILogger<Orchestrator> logger,
    TimeProvider time) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _allReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _supervisors = [];
    private readonly Dictionary<string, ResourceSupervisor> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Replica>> _replicas = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _scaling = new(1, 1);
    private IReadOnlyList<Resource> _ordered = [];
    private CancellationTokenSource? _linked;

    /// <summary>Completes once every resource has been healthy (never, if one fails to start).</summary>
    public Task AllReady => _allReady.Task;

    /// <summary>The resources in start order.</summary>
    public IReadOnlyList<Resource> Resources => _ordered;

    /// <summary>Every supervised instance: the resources in start order, each followed by its scaled-out replicas.</summary>
    public IReadOnlyList<ResourceSupervisor> Supervisors
    {
        get
        {
            lock (_replicas)
            {
                return [.. _ordered.Where(r => _byName.ContainsKey(r.Name)).SelectMany(r =>
                    new[] { _byName[r.Name] }.Concat(_replicas.GetValueOrDefault(r.Name)?.Select(x => x.Supervisor) ?? []))];
            }
        }
    }

    /// <summary>The supervisor of the resource named <paramref name="name"/> (not of a replica).</summary>
    public ResourceSupervisor? Find(string name)
    {
        lock (_replicas)
        {
            return _byName.GetValueOrDefault(name);
        }
    }

    /// <summary>Instances of <paramref name="name"/> that run or should: the resource itself and its replicas.</summary>
    public int ReplicasOf(string name)
    {
        lock (_replicas)
        {
            return 1 + (_replicas.GetValueOrDefault(name)?.Count ?? 0);
        }
    }

    /// <summary>
    /// Runs <paramref name="replicas"/> instances of a scalable resource: starts replicas (each healthy before this
    /// returns) or stops the newest ones. Returns the previous count, or why it could not.
    /// </summary>
    public async Task<(int Previous, string? Error)> ScaleAsync(string name, int replicas, CancellationToken cancellationToken)
    {
        var primary = Find(name);
        if (primary is null)
        {
            return (0, $"there is no resource named '{name}'");
        }

        var resource = primary.Resource;
        if (resource.ReplicaFactory is not { } factory || resource.MaxReplicas < 2)
        {
            return (1, $"{name} cannot run more than one instance");
        }

        if (replicas < 1 || replicas > resource.MaxReplicas)
        {
            return (ReplicasOf(name), $"{name} runs 1 to {resource.MaxReplicas} instances; {replicas} is out of range");
        }

        await _scaling.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = ReplicasOf(name);
            List<Replica> list;
            lock (_replicas)
            {
                list = _replicas.TryGetValue(name, out var existing) ? existing : _replicas[name] = [];
            }

            for (var n = previous + 1; n <= replicas; n++)
            {
                var replica = StartReplica(factory(n), primary);
                lock (_replicas)
                {
                    list.Add(replica);
                }

                var ready = await Task.WhenAny(replica.Supervisor.Ready, replica.Run).WaitAsync(resource.StartupTimeout, time, cancellationToken)
                    .ContinueWith(t => t.IsCompletedSuccessfully && t.Result == replica.Supervisor.Ready, TaskScheduler.Default).ConfigureAwait(false);
                if (!ready)
                {
                    await RemoveReplicaAsync(list, replica).ConfigureAwait(false);
                    return (previous, $"replica {replica.Supervisor.Resource.Name} did not become healthy; {name} runs {ReplicasOf(name)} instance(s)");
                }
            }

            while (ReplicasOf(name) > replicas)
            {
                await RemoveReplicaAsync(list, list[^1]).ConfigureAwait(false);
            }

            OrchestratorLog.Scaled(logger, name, previous, replicas);
            return (previous, null);
        }
        finally
        {
            _scaling.Release();
        }
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ordered = StartOrder(resources);
        await state.StopLeftoversAsync(cancellationToken).ConfigureAwait(false);

        // Restarts stop the moment shutdown is requested, not when the host gets round to StopAsync: on a
        // terminal Ctrl+C the children receive SIGINT too and may exit before we are asked to stop them.
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, lifetime.ApplicationStopping);
        var stopping = _linked.Token;
        var bySource = new Dictionary<Resource, ResourceSupervisor>();
        foreach (var resource in _ordered)
        {
            var supervisor = new ResourceSupervisor(resource, [.. resource.WaitsFor.Select(d => bySource[d])], state, logger, time);
            bySource[resource] = supervisor;
            lock (_replicas)
            {
                _byName[resource.Name] = supervisor;
            }

            _supervisors.Add(ObserveAsync(supervisor, stopping));
        }

        _ = Task.WhenAll(bySource.Values.Select(s => s.Ready)).ContinueWith(
            t => _allReady.TrySetResult(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_supervisors).ConfigureAwait(false);
        List<Replica> replicas;
        lock (_replicas)
        {
            replicas = [.. _replicas.Values.SelectMany(r => r)];
            _replicas.Clear();
        }

        await Task.WhenAll(replicas.Select(r => r.Run)).ConfigureAwait(false);
        var all = _ordered.SelectMany(r => replicas.Where(x => x.Primary.Resource == r).Select(x => x.Supervisor.Resource).Reverse().Append(r)).ToList();
        foreach (var resource in Enumerable.Reverse(all))
        {
            if (resource.ProcessId is null)
            {
                continue;
            }

            OrchestratorLog.Stopping(logger, resource.Name);
            try
            {
                await resource.StopAsync(cancellationToken).ConfigureAwait(false);
                OrchestratorLog.Stopped(logger, resource.Name);
            }
            catch (Exception ex)
            {
                OrchestratorLog.StopFailed(logger, resource.Name, ex);
            }

            state.Record(resource);
        }

        if (all.TrueForAll(r => r.ProcessId is null))
        {
            state.Delete();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _linked?.Dispose();
        _stopping.Dispose();
        _scaling.Dispose();
    }

    /// <summary>Dependencies before dependants, otherwise registration order; rejects cycles and strangers.</summary>
    internal static IReadOnlyList<Resource> StartOrder(IEnumerable<Resource> resources)
    {
        var all = resources.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in all.Where(r => !names.Add(r.Name)))
        {
            throw new InvalidOperationException($"Two resources are named '{resource.Name}'.");
        }

        var ordered = new List<Resource>();
        var visiting = new HashSet<Resource>();
        void Visit(Resource resource)
        {
            if (ordered.Contains(resource))
            {
                return;
            }

            if (!all.Contains(resource))
            {
                throw new InvalidOperationException($"A resource waits for '{resource.Name}', which is not part of the application.");
            }

            if (!visiting.Add(resource))
            {
                throw new InvalidOperationException($"Resources wait for each other in a cycle through '{resource.Name}'.");
            }

            foreach (var dependency in resource.WaitsFor)
            {
                Visit(dependency);
            }

            visiting.Remove(resource);
            ordered.Add(resource);
        }

        foreach (var resource in all)
        {
            Visit(resource);
        }

        return ordered;
    }

    private async Task ObserveAsync(ResourceSupervisor supervisor, CancellationToken stopping)
    {
        try
        {
            await Task.Run(() => supervisor.RunAsync(stopping), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (Exception ex)
        {
            supervisor.MarkFailed();
            OrchestratorLog.Failed(logger, supervisor.Resource.Name, ex is ResourceStartException start ? start.Reason : ex.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private Replica StartReplica(Resource resource, ResourceSupervisor primary)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_linked!.Token);
        var supervisor = new ResourceSupervisor(resource, primary.Dependencies, state, logger, time);
        var run = Task.Run(async () =>
        {
            try
            {
                await supervisor.RunAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // Scaled in, or shutdown.
            }
            catch (Exception ex)
            {
                // A replica that cannot start is not a reason to stop the application: scaling reports it.
                supervisor.MarkFailed();
                OrchestratorLog.Failed(logger, resource.Name, ex is ResourceStartException start ? start.Reason : ex.Message);
            }
        }, CancellationToken.None);
        return new Replica(supervisor, primary, cancel, run);
    }

    private async Task RemoveReplicaAsync(List<Replica> list, Replica replica)
    {
        await replica.Cancel.CancelAsync().ConfigureAwait(false);
        await replica.Run.ConfigureAwait(false);
        var resource = replica.Supervisor.Resource;
        OrchestratorLog.Stopping(logger, resource.Name);
        try
        {
            await resource.StopAsync(CancellationToken.None).ConfigureAwait(false);
            OrchestratorLog.Stopped(logger, resource.Name);
        }
        catch (Exception ex)
        {
            OrchestratorLog.StopFailed(logger, resource.Name, ex);
        }

        state.Record(resource);
        replica.Cancel.Dispose();
        lock (_replicas)
        {
            list.Remove(replica);
        }
    }

    private sealed record Replica(ResourceSupervisor Supervisor, ResourceSupervisor Primary, CancellationTokenSource Cancel, Task Run);
}
