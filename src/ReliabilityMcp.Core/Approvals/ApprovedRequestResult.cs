using System.Text.Json;

namespace ReliabilityMcp.Core.Approvals;

/// <summary>The outcome of running an approved request.</summary>
/// <param name="Succeeded">False when execution failed or was rolled back.</param>
/// <param name="Status">Terminal approval state to record: <c>completed</c>, <c>failed</c> or <c>rolled_back</c>.</param>
/// <param name="Result">The handler's result (what a tool would have returned had it run directly).</param>
public sealed record ApprovedRequestResult(bool Succeeded, string Status, JsonElement Result);
