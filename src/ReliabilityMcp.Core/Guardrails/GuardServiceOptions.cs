namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Options of <see cref="GuardService"/>.</summary>
public sealed class GuardServiceOptions
{
    /// <summary>Longest the guard waits for counter state before failing closed (shared/DESIGN.md §4: within 2 s).</summary>
    /// <value>Default 1.5 seconds, leaving room for the audit append inside the 2 s promise.</value>
    public TimeSpan StoreBudget { get; set; } = TimeSpan.FromSeconds(1.5);
}
