namespace ReliabilityMcp.Core.Guardrails;

/// <summary>One check of the guard, in the fixed order of <see cref="GuardChecks"/>.</summary>
/// <param name="Name">Check name, e.g. <c>blast_radius</c>.</param>
/// <param name="Status">Passed, needs approval, or failed.</param>
/// <param name="Detail">Why, in one sentence with the numbers.</param>
/// <param name="RetryAfter">For time-bound failures (cooldown, rate limit, freeze): when it may pass.</param>
public sealed record GuardCheck(string Name, CheckStatus Status, string Detail, DateTimeOffset? RetryAfter = null);
