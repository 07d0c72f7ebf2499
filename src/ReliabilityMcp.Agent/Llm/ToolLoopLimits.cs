using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.Agent.Llm;

/// <summary>Bounds on one run of the tool-calling loop, so a confused model cannot spin or spend without end.</summary>
public sealed class ToolLoopLimits
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Agent:Llm:Limits";

    /// <summary>
    /// Model calls per run (each may request several tools). The last one is offered no tools, so the model has to
    /// answer; tools therefore run in at most <c>MaxSteps - 1</c> rounds.
    /// </summary>
    [Range(2, 100)]
    public int MaxSteps { get; set; } = 12;

    /// <summary>Wall-clock seconds per run (model calls and tools together); each model call also has <c>Agent:Llm:TimeoutSeconds</c>.</summary>
    [Range(1, 86_400)]
    public int MaxRunSeconds { get; set; } = 600;

    /// <summary>Total tokens (prompt + completion, as the endpoint reports them) per run.</summary>
    [Range(1, 10_000_000)]
    public long MaxTokens { get; set; } = 60_000;

    /// <summary>Completion tokens asked for per model call.</summary>
    [Range(1, 100_000)]
    public int MaxOutputTokensPerStep { get; set; } = 1_024;

    /// <summary>Tool results longer than this are cut (with a note) before the model reads them.</summary>
    [Range(256, 1_000_000)]
    public int MaxToolResultChars { get; set; } = 16_000;
}
