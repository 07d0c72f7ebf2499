using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Resp;
using ReliabilityMcp.Server.Configuration;

namespace ReliabilityMcp.Server.Store;

/// <summary>
/// Checks once, as soon as the store is reachable after start, that it runs Lua scripts atomically
/// (<see cref="ScriptAtomicityProbe"/>; issue 18, item 5: without Garnet's <c>--lua-transaction-mode</c> caps were
/// exceeded and the audit chain broke silently). On an unsafe store state-changing tools are refused with
/// <see cref="Refusal"/> (read-only tools still work), <c>/health</c> reports it, and it is logged once at Error.
/// </summary>
/// <remarks>
/// Until the check has run, calls proceed as usual: it needs the store, and a store that cannot be reached fails
/// state-changing calls closed anyway.
/// </remarks>
public sealed partial class StoreSafetyCheck(
    StoreEndpoint endpoint, IOptions<ReliabilityConfigurationOptions> options, TimeProvider time, ILogger<StoreSafetyCheck> logger)
    : BackgroundService, IHealthCheck
{
    /// <summary>Name of the health check.</summary>
    public const string HealthCheckName = "store-safety";

    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);
    private volatile StoreAtomicity? _verdict;

    /// <summary>The result, or null while not checked yet.</summary>
    public StoreAtomicity? Verdict => _verdict;

    /// <summary>The error state-changing tools answer on an unsafe store, or null when they may run.</summary>
    public string? Refusal => _verdict is { Atomic: false } unsafeStore
        ? $"Refused: the store is not safe for state-changing tools, so nothing was approved, executed or recorded. {unsafeStore.Detail} Read-only tools still work."
        : null;

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_verdict switch
        {
            // Not Degraded: until the store is reachable the store check already says so.
            null => HealthCheckResult.Healthy("Script atomicity of the store not checked yet (waiting for the store)."),
            { Atomic: true } safe => HealthCheckResult.Healthy(safe.Detail),
            { } unsafeStore => HealthCheckResult.Unhealthy($"State-changing tools are refused: {unsafeStore.Detail}"),
        });

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var key = $"{options.Value.KeyPrefix}:store-check:{Guid.NewGuid():N}";
        while (true)
        {
            try
            {
                var connection = StoreConnectionOptions.Parse(await endpoint.GetConnectionStringAsync(stoppingToken).ConfigureAwait(false));
                var verdict = await ScriptAtomicityProbe.CheckAsync(connection, key, time, stoppingToken).ConfigureAwait(false);
                _verdict = verdict;
                if (verdict.Atomic)
                {
                    LogAtomic(logger, verdict.Detail);
                }
                else
                {
                    LogNotAtomic(logger, verdict.Detail);
                }

                return;
            }
            catch (Exception ex) when (ex is StoreUnavailableException or TimeoutException or StoreCommandException)
            {
                LogNotYet(logger, ex.Message);
            }

            await Task.Delay(RetryInterval, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3002, EventName = "StoreScriptsAtomic", Level = LogLevel.Information, Message = "Store safety: {Detail}")]
    private static partial void LogAtomic(ILogger logger, string detail);

    [LoggerMessage(EventId = 3003, EventName = "StoreScriptsNotAtomic", Level = LogLevel.Error,
        Message = "Store safety: state-changing tools are refused until this is fixed. {Detail}")]
    private static partial void LogNotAtomic(ILogger logger, string detail);

    [LoggerMessage(EventId = 3004, EventName = "StoreSafetyNotYetChecked", Level = LogLevel.Debug,
        Message = "Store safety: cannot check script atomicity yet ({Reason}); retrying")]
    private static partial void LogNotYet(ILogger logger, string reason);
}
