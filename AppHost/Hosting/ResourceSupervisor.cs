using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>
/// Runs one resource for the <see cref="Orchestrator"/>: waits for its dependencies, starts it, waits until it
/// is healthy, watches it, and restarts it with backoff when it dies.
/// </summary>
internal sealed class ResourceSupervisor(
    Resource resource, IReadOnlyList<ResourceSupervisor> dependencies, RunStateFile state, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan StartupPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The supervised resource.</summary>
    public Resource Resource => resource;

    /// <summary>Completes the first time the resource is healthy.</summary>
    public Task Ready => _ready.Task;

    /// <summary>
    /// Runs until <paramref name="stopping"/> fires (then throws <see cref="OperationCanceledException"/> and
    /// leaves the instance running: the orchestrator stops resources in dependency order) or the resource
    /// cannot be made healthy (<see cref="ResourceStartException"/>).
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        if (dependencies.Count > 0)
        {
            OrchestratorLog.Waiting(logger, resource.Name, string.Join(", ", dependencies.Select(d => d.Resource.Name)));
            await Task.WhenAll(dependencies.Select(d => d.Ready)).WaitAsync(stopping).ConfigureAwait(false);
        }

        var delay = TimeSpan.Zero;
        var failedStarts = 0;
        while (true)
        {
            OrchestratorLog.Starting(logger, resource.Name);
            var (exit, failure) = await StartOnceAsync(stopping).ConfigureAwait(false);
            if (exit is null)
            {
                await StopQuietlyAsync().ConfigureAwait(false);

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
                _ready.TrySetResult();
                var upSince = time.GetTimestamp();
                var exitCode = await WatchAsync(exit, stopping).ConfigureAwait(false);

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
            }

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

    /// <summary>Waits for the instance to exit, logging health transitions on the way (no restart on
    /// unhealthy: a server whose store is down should wait for the store, not be killed).</summary>
    private async Task<int?> WatchAsync(Task<int?> exit, CancellationToken stopping)
    {
        var healthy = true;
        while (true)
        {
            await Task.WhenAny(exit, Task.Delay(WatchInterval, time, stopping)).ConfigureAwait(false);
            if (exit.IsCompleted)
            {
                return await exit.ConfigureAwait(false);
            }

            stopping.ThrowIfCancellationRequested();
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
            }
        }
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
