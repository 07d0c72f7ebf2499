using System.Collections.Concurrent;
using System.Diagnostics;
using ReliabilityMcp.Agent.Llm;

namespace ReliabilityMcp.Agent.Runbook;

/// <summary>
/// Every <see cref="AgentOptions.IntervalSeconds"/>: read <c>slo_status</c> for every service and hand each new alert to
/// the brain as one episode. A service with an episode in progress is left alone; after an episode ends, the same
/// alert does not start another one until the service is seen without an alert (or the alert rises from ticket to
/// page), so a fix that did not work is not retried in a loop: a human takes over. An episode that changed nothing
/// (no recommendation, or the guard refused) is retried after <see cref="AgentOptions.RetriageSeconds"/>: alerts are
/// often caught at their onset, before the numbers show what they are.
/// </summary>
public sealed partial class WatchLoop(
    Func<CancellationToken, Task<IAgentTools>> connect, IAlertBrain brain, AgentOptions options, TimeProvider time, ILogger<WatchLoop> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task<EpisodeReport>> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _handled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Due, int Rank)> _retriageAt = new(StringComparer.Ordinal);

    /// <summary>Services with an episode in progress.</summary>
    public IReadOnlyCollection<string> InProgress => [.. _running.Keys];

    /// <summary>One cycle: reads slo_status, starts an episode per new alert and returns the episodes started (not awaited).</summary>
    public async Task<IReadOnlyList<Task<EpisodeReport>>> RunCycleAsync(CancellationToken cancellationToken)
    {
        using var cycle = ToolCallingLoop.Source.StartActivity("agent.watch.cycle");
        IReadOnlyList<SloAlert> alerts;
        await using (var tools = await connect(cancellationToken).ConfigureAwait(false))
        {
            var status = await tools.CallAsync("slo_status", new Dictionary<string, object?> { ["detail"] = true }, cancellationToken).ConfigureAwait(false);
            alerts = RunbookPlanner.FindAlerts(status);
        }

        cycle?.SetTag("agent.alerts", alerts.Count);
        foreach (var quiet in _handled.Keys.Concat(_retriageAt.Keys).Where(s => alerts.All(a => a.Service != s)).ToList())
        {
            _handled.TryRemove(quiet, out _);
            _retriageAt.TryRemove(quiet, out _);
        }

        var started = new List<Task<EpisodeReport>>();
        foreach (var alert in alerts)
        {
            if (_running.ContainsKey(alert.Service))
            {
                LogSkipped(logger, alert.Service, "an episode is in progress");
                continue;
            }

            if (_handled.TryGetValue(alert.Service, out var rank) && rank >= alert.TierRank)
            {
                LogSkipped(logger, alert.Service, "an episode already handled this alert; waiting for it to clear or for a human");
                continue;
            }

            if (_retriageAt.TryGetValue(alert.Service, out var retriage) && time.GetUtcNow() < retriage.Due && retriage.Rank >= alert.TierRank)
            {
                LogSkipped(logger, alert.Service, "the last triage changed nothing; triaging again later");
                continue;
            }

            // The episode starts only once it is registered, so its own clean-up cannot run before the registration.
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var episode = RunEpisodeAsync(alert, registered.Task, cancellationToken);
            _running[alert.Service] = episode;
            registered.SetResult();
            started.Add(episode);
        }

        LogCycle(logger, alerts.Count, started.Count);
        return started;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogWatching(logger, options.Brain, options.IntervalSeconds, options.ServerUrl);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.IntervalSeconds), time);
        do
        {
            try
            {
                await RunCycleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The server may be restarting or unreachable: the next tick tries again.
                LogCycleFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<EpisodeReport> RunEpisodeAsync(SloAlert alert, Task registered, CancellationToken cancellationToken)
    {
        await registered.ConfigureAwait(false);
        var handled = false;
        try
        {
            var report = await brain.HandleAsync(alert, cancellationToken).ConfigureAwait(false);
            // An episode that failed on the way (server unreachable, a tool error) decided nothing: the next cycle retries.
            // One that changed nothing is triaged again later; anything else waits for the alert to clear.
            if (report.End is "no_action" or "denied")
            {
                _retriageAt[alert.Service] = (time.GetUtcNow().AddSeconds(options.RetriageSeconds), alert.TierRank);
            }
            else
            {
                handled = report.End != "error";
            }

            return report;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Activity.Current?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogCycleFailed(logger, $"episode for {alert.Service}: {ex.Message}");
            return new EpisodeReport(alert.Service, "", "error", Detail: ex.Message);
        }
        finally
        {
            if (handled)
            {
                _handled[alert.Service] = alert.TierRank;
            }

            _running.TryRemove(alert.Service, out _);
        }
    }

    [LoggerMessage(EventId = 5401, EventName = "WatchStarted", Level = LogLevel.Information,
        Message = "watching slo_status every {Interval} s with the {Brain} brain at {Server}")]
    private static partial void LogWatching(ILogger logger, string brain, int interval, Uri server);

    [LoggerMessage(EventId = 5402, EventName = "WatchCycle", Level = LogLevel.Debug, Message = "cycle: {Alerts} service(s) alerting, {Started} episode(s) started")]
    private static partial void LogCycle(ILogger logger, int alerts, int started);

    [LoggerMessage(EventId = 5403, EventName = "WatchSkipped", Level = LogLevel.Debug, Message = "{Service} alerting but skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string service, string reason);

    [LoggerMessage(EventId = 5404, EventName = "WatchCycleFailed", Level = LogLevel.Warning, Message = "watch cycle failed: {Reason}")]
    private static partial void LogCycleFailed(ILogger logger, string reason);
}
