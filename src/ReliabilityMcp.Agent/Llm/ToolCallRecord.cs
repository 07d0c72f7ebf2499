namespace ReliabilityMcp.Agent.Llm;

/// <summary>One tool call the model asked for.</summary>
/// <param name="Step">The model call (1-based) that asked for it.</param>
/// <param name="Name">Tool name.</param>
/// <param name="ArgumentsJson">Arguments as JSON.</param>
/// <param name="Succeeded">False when the tool was unknown, the arguments were broken, or the tool failed.</param>
/// <param name="Result">What the model was given back (possibly cut).</param>
public sealed record ToolCallRecord(int Step, string Name, string ArgumentsJson, bool Succeeded, string Result);
