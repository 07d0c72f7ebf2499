namespace ReliabilityMcp.Agent.Runbook;

/// <summary>What the watch loop hands an alert to: the runbook or the llm brain.</summary>
public interface IAlertBrain
{
    /// <summary>Handles one episode for <paramref name="alert"/>, start to end.</summary>
    Task<EpisodeReport> HandleAsync(SloAlert alert, CancellationToken cancellationToken);
}
