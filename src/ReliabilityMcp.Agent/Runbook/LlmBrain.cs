namespace ReliabilityMcp.Agent.Runbook;

/// <summary>
/// The <c>llm</c> brain behind the same watch loop: an alert becomes one <see cref="TriageRunner"/> run, with the
/// symptoms written from <c>slo_status</c> exactly as the runbook would write its search query. The model decides which
/// tools to call; the server's guard decides what they may change.
/// </summary>
public sealed partial class LlmBrain(TriageRunner triage, TimeProvider time, ILogger<LlmBrain> logger) : IAlertBrain
{
    /// <inheritdoc />
    public async Task<EpisodeReport> HandleAsync(SloAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var key = $"llm-{alert.Service}-{time.GetUtcNow():yyyyMMddHHmmss}";
        var symptoms = RunbookPlanner.Query(alert);
        LogHandingOver(logger, key, symptoms);
        var result = await triage.RunAsync(alert.Service, symptoms, RunbookPlanner.Severity(alert), cancellationToken).ConfigureAwait(false);
        LogAnswer(logger, key, result.Stop.ToString(), result.ToolCalls.Count, result.FinalText);
        return new EpisodeReport(alert.Service, key, "llm", Detail: result.FinalText);
    }

    [LoggerMessage(EventId = 5301, EventName = "LlmEpisodeStarted", Level = LogLevel.Information, Message = "episode {Key}: llm triage of \"{Symptoms}\"")]
    private static partial void LogHandingOver(ILogger logger, string key, string symptoms);

    [LoggerMessage(EventId = 5302, EventName = "LlmEpisodeEnded", Level = LogLevel.Information,
        Message = "episode {Key}: the model stopped ({Stop}) after {ToolCalls} tool call(s): {Answer}")]
    private static partial void LogAnswer(ILogger logger, string key, string stop, int toolCalls, string answer);
}
