namespace ReliabilityMcp.Core.Guardrails;

/// <summary>
/// Working hours in an IANA time zone. Outside them, actions of <see cref="MinRisk"/> or above need approval
/// even in autonomous mode: nobody is around to notice if they go wrong.
/// </summary>
public sealed record BusinessHours
{
    /// <summary>IANA time zone, e.g. <c>America/New_York</c>.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Working days (<c>mon</c>…<c>sun</c>).</summary>
    public IReadOnlyList<string> Days { get; init; } = ["mon", "tue", "wed", "thu", "fri"];

    /// <summary>Local start of the working day.</summary>
    public TimeOnly From { get; init; } = new(9, 0);

    /// <summary>Local end of the working day (exclusive).</summary>
    public TimeOnly To { get; init; } = new(17, 0);

    /// <summary>Lowest risk class the rule applies to.</summary>
    public RiskClass MinRisk { get; init; } = RiskClass.High;
}
