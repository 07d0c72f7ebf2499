namespace ReliabilityMcp.Core.Guardrails;

/// <summary>The host's executors as the guard sees them: can this action run on these targets right now?</summary>
public interface IExecutorCatalog
{
    /// <summary>The executor that would run <paramref name="request"/>, or why none can. Configuration only: never calls out.</summary>
    ExecutorReadiness Check(GuardRequest request);
}
