namespace ReliabilityMcp.Server.Policies;

/// <summary>Structured result of <c>evaluate_policies</c>.</summary>
/// <param name="Service">The service evaluated.</param>
/// <param name="KnownService">Whether the service is in the configured service graph.</param>
/// <param name="Matched">Policies ready to act, priority 1 first.</param>
/// <param name="Others">Every other policy with the reason (failed condition and by how much, cooling down, capped, disabled).</param>
/// <param name="CounterState"><c>known</c>, or <c>unknown</c> when the store could not be read (cooldowns not checked).</param>
/// <param name="ConfigurationVersion">Version of the configuration that was used.</param>
/// <param name="EvaluatedAt">Evaluation time (UTC).</param>
/// <param name="StoreProblem">Why the counter state is unknown.</param>
public sealed record EvaluatePoliciesResult(
    string Service,
    bool KnownService,
    IReadOnlyList<PolicyView> Matched,
    IReadOnlyList<PolicyView> Others,
    string CounterState,
    int ConfigurationVersion,
    DateTimeOffset EvaluatedAt,
    string? StoreProblem = null);
