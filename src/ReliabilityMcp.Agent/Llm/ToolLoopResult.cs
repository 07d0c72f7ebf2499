using Microsoft.Extensions.AI;

namespace ReliabilityMcp.Agent.Llm;

/// <summary>The outcome of one run of the tool-calling loop.</summary>
/// <param name="Stop">Why it ended.</param>
/// <param name="FinalText">The model's last text (its answer when <see cref="ToolLoopStop.Completed"/>).</param>
/// <param name="Steps">Model calls made.</param>
/// <param name="TokensUsed">Tokens reported by the endpoint.</param>
/// <param name="ToolCalls">Every tool call in order, with whether it succeeded.</param>
/// <param name="Transcript">The whole conversation, tool calls and results included.</param>
public sealed record ToolLoopResult(
    ToolLoopStop Stop,
    string FinalText,
    int Steps,
    long TokensUsed,
    IReadOnlyList<ToolCallRecord> ToolCalls,
    IReadOnlyList<ChatMessage> Transcript);
