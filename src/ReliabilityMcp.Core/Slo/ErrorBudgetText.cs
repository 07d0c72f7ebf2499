using System.Globalization;

namespace ReliabilityMcp.Core.Slo;

/// <summary>
/// An error budget's remaining fraction as a person reads it: "37.5% of its error budget left", or once spent
/// "error budget exhausted, overspent 288×" (never a negative percentage: -28,699.5% left means 288 budgets spent).
/// </summary>
public static class ErrorBudgetText
{
    /// <summary>The text for <paramref name="remainingFraction"/> (1 = untouched, 0 = spent, below 0 = overspent).</summary>
    public static string Describe(double remainingFraction)
    {
        if (remainingFraction > SloEvaluator.Tolerance)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{remainingFraction * 100:0.#}% of its error budget left");
        }

        var spent = 1 - remainingFraction;
        return spent < 1.05
            ? "error budget exhausted"
            : string.Create(CultureInfo.InvariantCulture, $"error budget exhausted, overspent {spent:#,0.#}×");
    }
}
