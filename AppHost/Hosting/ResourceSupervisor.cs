using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>
/// Runs one resource for the <see cref="Orchestrator"/>: waits for its dependencies, starts it, waits until it
/// is healthy, watches it, and restarts it with backoff when it dies. Operators restart, stop and start it through
/// <see cref="SendAsync"/>; the requests are carried out by the supervising loop itself, one at a time, so a
/// restart can never race a crash-restart.
/// </summary>
internal sealed class ResourceSupervisor(
    Resource resource, IReadOnlyList<ResourceSupervisor> dependencies, RunStateFile state, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan StartupPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<ControlRequest> _requests = Channel.CreateUnbounded<ControlRequest>();
    private long _sinceTimestamp = time.GetUtcNow().ToUnixTimeMilliseconds();
    private int _state = (int)ResourceState.Waiting;
    private int _restarts;

    /// <summary>The supervised resource.</summary>
    public Resource Resource => resource;

    /// <summary>Where the resource is in its life.</summary>
    public ResourceState State => (ResourceState)Volatile.Read(ref _state);

    /// <summary>When <see cref="State"/> last changed.</summary>
    public DateTimeOffset Since => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _sinceTimestamp));

    /// <summary>Instances started after the first: crash restarts and requested restarts.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>The resources this one waits for.</summary>
    public IReadOnlyList<ResourceSupervisor> Dependencies => dependencies;

    /// <summary>
    /// Queues <paramref name="operation"/> for the supervising loop; the task completes with null once it took effect
    /// (for restart and start: once the new instance is healthy), or with why it did not.
    /// </summary>
    public Task<string?> SendAsync(ControlOperation operation)
    {
        var request = new ControlRequest(operation);
        if (!_requests.Writer.TryWrite(request))
        {
            request.Done.TrySetResult($"{resource.Name} is shutting down");
        }

        return request.Done.Task;
    }

    /// <summary>Marks the resource failed (the orchestrator gave up on it) and refuses queued requests.</summary>
    public void MarkFailed()
    {
        SetState(ResourceState.Failed);
        _requests.Writer.TryComplete();
        while (_requests.Reader.TryRead(out var request))
        {
            request.Done.TrySetResult($"{resource.Name} could not be started and the application is stopping");
        }
    }

    /// <summary>Completes the first time the resource is healthy.</summary>
    public Task Ready => _ready.Task;

    /// <summary>
    /// Runs until <paramref name="stopping"/> fires (then throws <see cref="OperationCanceledException"/> and
    /// leaves the instance running: the orchestrator stops resources in dependency order) or the resource
    /// cannot be made healthy (<see cref="ResourceStartException"/>).
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await SuperviseAsync(stopping).ConfigureAwait(false);
        }
        finally
        {
            // Nobody will serve the queue any more: answer whoever waits on it.
            _requests.Writer.TryComplete();
            while (_requests.Reader.TryRead(out var request))
            {
                request.Done.TrySetResult($"{resource.Name} is shutting down");
            }
        }
    }

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        if (dependencies.Count > 0)
        {
            OrchestratorLog.Waiting(logger, resource.Name, string.Join(", ", dependencies.Select(d => d.Resource.Name)));
            await Task.WhenAll(dependencies.Select(d => d.Ready)).WaitAsync(stopping).ConfigureAwait(false);
        }

        var delay = TimeSpan.Zero;
        var failedStarts = 0;
        ControlRequest? pending = null;
        var held = false;
        while (true)
        {
            if (held)
            {
                // Stopped on request: stay down until someone asks for it back.
                var request = await _requests.Reader.ReadAsync(stopping).ConfigureAwait(false);
                if (request.Operation == ControlOperation.Stop)
                {
                    request.Done.TrySetResult(null);
                    continue;
                }

                held = false;
                pending = request;
                OrchestratorLog.ControlRequested(logger, resource.Name, request.Operation.ToString().ToLowerInvariant());
            }

            OrchestratorLog.Starting(logger, resource.Name);
            SetState(pending?.Operation == ControlOperation.Restart ? ResourceState.Restarting : ResourceState.Starting);
            var (exit, failure) = await StartOnceAsync(stopping).ConfigureAwait(false);
            if (exit is null)
            {
                await StopQuietlyAsync().ConfigureAwait(false);
                pending?.Done.TrySetResult($"{resource.Name} did not come back: {failure}");
                pending = null;

                // A first start that fails is a configuration problem (port taken, missing build): say so
                // and stop, rather than loop. Later failures get a few tries: the cause may be transient.
                if (!_ready.Task.IsCompleted)
                {
                    throw new ResourceStartException(resource.Name, failure!);
                }

                if (++failedStarts >= resource.Restart.MaxFailedStarts)
                {
                    throw new ResourceStartException(resource.Name, $"{failure}; gave up after {failedStarts} attempts");
                }

                delay = resource.Restart.Next(delay);
                OrchestratorLog.StartFailed(logger, resource.Name, failure!, failedStarts, resource.Restart.MaxFailedStarts, delay.TotalSeconds);
            }
            else
            {
                failedStarts = 0;
                state.Record(resource);
                OrchestratorLog.Running(
                    logger, resource.Name, resource.ProcessId is { } pid ? $"pid {pid.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "not run by the AppHost");
                SetState(ResourceState.Running);
                _ready.TrySetResult();
                pending?.Done.TrySetResult(null);
                pending = null;
                var upSince = time.GetTimestamp();
                var (exitCode, request) = await WatchAsync(exit, stopping).ConfigureAwait(false);
                if (request is not null)
                {
                    OrchestratorLog.ControlRequested(logger, resource.Name, request.Operation.ToString().ToLowerInvariant());
                    SetState(request.Operation == ControlOperation.Stop ? ResourceState.Stopping : ResourceState.Restarting);
                    await StopQuietlyAsync().ConfigureAwait(false);
                    if (request.Operation == ControlOperation.Stop)
                    {
                        SetState(ResourceState.Stopped);
                        request.Done.TrySetResult(null);
                        held = true;
                    }
                    else
                    {
                        Interlocked.Increment(ref _restarts);
                        pending = request;
                        delay = TimeSpan.Zero;
                    }

                    continue;
                }

                // On a terminal Ctrl+C every child gets SIGINT too and may exit before we are told to stop:
                // that is shutdown, not a crash.
                stopping.ThrowIfCancellationRequested();
                if (time.GetElapsedTime(upSince) >= resource.Restart.ResetAfter)
                {
                    delay = TimeSpan.Zero;
                }

                delay = resource.Restart.Next(delay);
                OrchestratorLog.ExitedUnexpectedly(
                    logger, resource.Name, exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", delay.TotalSeconds);
                await StopQuietlyAsync().ConfigureAwait(false);
                Interlocked.Increment(ref _restarts);
            }

            SetState(ResourceState.BackingOff);
            await Task.Delay(delay, time, stopping).ConfigureAwait(false);
        }
    }

    /// <summary>Starts an instance and waits until it is healthy: its exit task, or why it failed.</summary>
    private async Task<(Task<int?>? Exit, string? Failure)> StartOnceAsync(CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(resource.StartupTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        try
        {
            await resource.StartAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            return (null, timeout.IsCancellationRequested ? $"not started within {resource.StartupTimeout.TotalSeconds:0} s" : ex.Message);
        }

        var exit = resource.WaitForExitAsync(stopping);
        while (true)
        {
            if (exit.IsCompleted)
            {
                stopping.ThrowIfCancellationRequested();
                var code = exit.IsCompletedSuccessfully ? exit.Result?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
                return (null, $"exited with code {code ?? "unknown"} before it was healthy");
            }

            bool healthy;
            try
            {
                healthy = await resource.CheckHealthAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                healthy = false;
            }

            if (healthy)
            {
                return (exit, null);
            }

            if (timeout.IsCancellationRequested)
            {
                return (null, $"not healthy within {resource.StartupTimeout.TotalSeconds:0} s");
            }

            await Task.WhenAny(exit, Task.Delay(StartupPollInterval, time, linked.Token)).ConfigureAwait(false);
            stopping.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Waits for the instance to exit or for an operator's restart or stop, logging health transitions on
    /// the way (no restart on unhealthy: a server whose store is down should wait for the store, not be killed).</summary>
    private async Task<(int? ExitCode, ControlRequest? Request)> WatchAsync(Task<int?> exit, CancellationToken stopping)
    {
        var healthy = true;
        var nextCheck = time.GetTimestamp();
        Task<bool>? requested = null;
        while (true)
        {
            var left = WatchInterval - time.GetElapsedTime(nextCheck);
            if (requested is null || requested.IsCompleted)
            {
                // One waiter at a time: a new one per health check would pile up until a request came.
                requested = _requests.Reader.WaitToReadAsync(stopping).AsTask();
            }

            await Task.WhenAny(exit, requested, Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, time, stopping)).ConfigureAwait(false);
            if (exit.IsCompleted)
            {
                return (await exit.ConfigureAwait(false), null);
            }

            stopping.ThrowIfCancellationRequested();
            while (_requests.Reader.TryRead(out var request))
            {
                if (request.Operation != ControlOperation.Start)
                {
                    return (null, request);
                }

                // Already running.
                request.Done.TrySetResult(null);
            }

            if (time.GetElapsedTime(nextCheck) < WatchInterval)
            {
                continue;
            }

            nextCheck = time.GetTimestamp();
            bool now;
            try
            {
                now = await resource.CheckHealthAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                now = false;
            }

            if (now != healthy)
            {
                if (now)
                {
                    OrchestratorLog.HealthyAgain(logger, resource.Name);
                }
                else
                {
                    OrchestratorLog.Unhealthy(logger, resource.Name);
                }

                healthy = now;
                SetState(now ? ResourceState.Running : ResourceState.Unhealthy);
            }
        }
    }

    private void SetState(ResourceState next)
    {
        Volatile.Write(ref _state, (int)next);
        Interlocked.Exchange(ref _sinceTimestamp, time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    private async Task StopQuietlyAsync()
    {
        try
        {
            await resource.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            OrchestratorLog.StopFailed(logger, resource.Name, ex);
        }

        state.Record(resource);
    }
}
