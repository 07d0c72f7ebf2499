using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Connection;
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

    /// <summary>Rounds of the probe that may prove nothing (a starved client) before the store is assumed safe, with a warning.</summary>
    private const int MaxInconclusiveRounds = 5;
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
        var key = $"{options.Value.KeyPrefix}:store-check:{{{Guid.NewGuid():N}}}";
        var inconclusive = 0;
        while (true)
        {
            try
            {
                var connection = await endpoint.GetConnectionStringAsync(stoppingToken).ConfigureAwait(false);
                var verdict = await ScriptAtomicityProbe.CheckAsync(connection, key, stoppingToken).ConfigureAwait(false);
                if (verdict is null && ++inconclusive < MaxInconclusiveRounds)
                {
                    LogInconclusive(logger, inconclusive, MaxInconclusiveRounds);
                    await Task.Delay(RetryInterval, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                verdict ??= new StoreAtomicity(true,
                    "script atomicity could not be confirmed (this process never got its two probe scripts to the store together); assumed atomic");
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

    [LoggerMessage(EventId = 3005, EventName = "StoreSafetyInconclusive", Level = LogLevel.Warning,
        Message = "Store safety: the script atomicity probe proved nothing (round {Round} of {Rounds}: its two scripts reached the store too far apart, a busy machine); retrying")]
    private static partial void LogInconclusive(ILogger logger, int round, int rounds);

    [LoggerMessage(EventId = 3004, EventName = "StoreSafetyNotYetChecked", Level = LogLevel.Debug,
        Message = "Store safety: cannot check script atomicity yet ({Reason}); retrying")]
    private static partial void LogNotYet(ILogger logger, string reason);
}
