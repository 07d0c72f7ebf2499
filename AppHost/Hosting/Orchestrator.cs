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
    private IReadOnlyList<Resource> _ordered = [];
    private CancellationTokenSource? _linked;

    /// <summary>Completes once every resource has been healthy (never, if one fails to start).</summary>
    public Task AllReady => _allReady.Task;

    /// <summary>The resources in start order.</summary>
    public IReadOnlyList<Resource> Resources => _ordered;

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
        foreach (var resource in _ordered.Reverse())
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

        if (_ordered.All(r => r.ProcessId is null))
        {
            state.Delete();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _linked?.Dispose();
        _stopping.Dispose();
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
            OrchestratorLog.Failed(logger, supervisor.Resource.Name, ex is ResourceStartException start ? start.Reason : ex.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
