using ReliabilityMcp.Core.Remediation;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// Keeps one claimed execution's lease alive while it runs: renews it every third of its length until disposed. If this
/// replica dies (or cannot reach the store for a whole lease) the lease lapses and <see cref="ExecutionSettlement"/> on
/// any replica settles the execution.
/// </summary>
internal sealed partial class ExecutionLease : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private ExecutionLease()
    {
    }

    /// <summary>Starts renewing <paramref name="executionId"/>'s lease held by <paramref name="owner"/>.</summary>
    public static ExecutionLease Start(IRemediationStore store, string executionId, string owner, TimeSpan length, TimeProvider time, ILogger logger)
    {
        var lease = new ExecutionLease();
        lease._loop = lease.RenewAsync(store, executionId, owner, length, time, logger);
        return lease;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RenewAsync(IRemediationStore store, string executionId, string owner, TimeSpan length, TimeProvider time, ILogger logger)
    {
        using var timer = new PeriodicTimer(length / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    if (!await store.RenewExecutionLeaseAsync(executionId, owner, time.GetUtcNow() + length, _stop.Token).ConfigureAwait(false))
                    {
                        // Also the answer to a renewal racing the report that ended the lease: only a live run has lost it.
                        if (!_stop.IsCancellationRequested)
                        {
                            LogLeaseLost(logger, executionId);
                        }

                        return;
                    }
                }
                catch (Exception ex) when (StoreFailure.Is(ex))
                {
                    // Try again next tick; if the store stays away for a whole lease, the execution is settled as unknown.
                    LogRenewFailed(logger, executionId, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The run finished.
        }
    }

    [LoggerMessage(EventId = 5121, EventName = "ExecutionLeaseLost", Level = LogLevel.Warning,
        Message = "Execution {ExecutionId} lost its lease (it lapsed and another replica settled it as unknown); its report will still be stored when it finishes")]
    private static partial void LogLeaseLost(ILogger logger, string executionId);

    [LoggerMessage(EventId = 5122, EventName = "ExecutionLeaseRenewFailed", Level = LogLevel.Warning,
        Message = "Execution {ExecutionId}: renewing the lease failed ({Reason}); retrying")]
    private static partial void LogRenewFailed(ILogger logger, string executionId, string reason);
}
