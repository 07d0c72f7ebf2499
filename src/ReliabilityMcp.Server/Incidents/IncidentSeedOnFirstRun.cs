using Microsoft.Extensions.Options;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>
/// Seeds incident memory in the background when <c>Incidents:SeedOnFirstRun</c> is set (the AppHost sets it), so
/// a first <c>dotnet run --project AppHost</c> has history to search. Never blocks startup; retries while the store
/// is still coming up.
/// </summary>
public sealed partial class IncidentSeedOnFirstRun(
    IncidentSeeder seeder, IOptions<IncidentMemoryOptions> options, TimeProvider time, ILogger<IncidentSeedOnFirstRun> logger) : BackgroundService
{
    private const int Attempts = 30;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SeedOnFirstRun)
        {
            return;
        }

        for (var attempt = 1; attempt <= Attempts && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                if (!await seeder.SeedIfFirstRunAsync(stoppingToken).ConfigureAwait(false))
                {
                    LogAlreadySeeded(logger);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not InvalidDataException && ex is not Core.Incidents.IncidentIndexMismatchException)
            {
                LogRetry(logger, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or Core.Incidents.IncidentIndexMismatchException)
            {
                LogFailed(logger, ex.Message);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 3111, EventName = "IncidentsAlreadySeeded", Level = LogLevel.Debug, Message = "Incident memory was seeded before; not seeding again")]
    private static partial void LogAlreadySeeded(ILogger logger);

    [LoggerMessage(EventId = 3112, EventName = "IncidentSeedRetry", Level = LogLevel.Warning, Message = "Seeding incident memory failed (attempt {Attempt}), retrying: {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, string reason);

    [LoggerMessage(EventId = 3113, EventName = "IncidentSeedFailed", Level = LogLevel.Error, Message = "Seeding incident memory failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
