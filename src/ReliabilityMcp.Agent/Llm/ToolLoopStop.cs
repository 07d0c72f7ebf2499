namespace ReliabilityMcp.Agent.Llm;

/// <summary>Why a run of the tool-calling loop ended.</summary>
public enum ToolLoopStop
{
    /// <summary>The model answered without asking for a tool.</summary>
    Completed,

    /// <summary>The step limit was reached while the model still asked for tools.</summary>
    StepLimit,

    /// <summary>The token budget was used up.</summary>
    TokenLimit,

    /// <summary>The run's time (<see cref="ToolLoopLimits.MaxRunSeconds"/>) ran out; the call in flight was cancelled.</summary>
    TimeLimit,
}
