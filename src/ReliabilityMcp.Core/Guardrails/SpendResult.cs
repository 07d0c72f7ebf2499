namespace ReliabilityMcp.Core.Guardrails;

/// <summary>Result of an atomic check-and-spend: spent, or refused with the counter that refused it.</summary>
/// <param name="Spent">True when every counter had room and all were spent together.</param>
/// <param name="Refusal">Which limit refused and where, <c>CHECK:SUBJECT</c>: <c>cooldown:checkout</c>, <c>hourly_cap:checkout</c>,
/// <c>rate_limit:principal</c>, <c>rate_limit:action</c>, <c>autonomous_window:4</c> (the services it would make).</param>
/// <param name="Detail">The refusal in one sentence with the numbers.</param>
/// <param name="RetryAfter">When the refusing limit frees up, where time-bound.</param>
public sealed record SpendResult(bool Spent, string? Refusal, string? Detail = null, DateTimeOffset? RetryAfter = null)
{
    /// <summary>Spent.</summary>
    public static SpendResult Ok { get; } = new(true, null);

    /// <summary>The guard check that refused (a <see cref="GuardChecks"/> name), null when spent.</summary>
    public string? Check => Refusal?.Split(':')[0];

    /// <summary>The refusal as a failed guard check, null when spent.</summary>
    public GuardCheck? AsFailedCheck() => Spent
        ? null
        : new GuardCheck(Check!, CheckStatus.Failed, $"lost the race for the last slot: {Detail ?? Refusal}", RetryAfter);
}
