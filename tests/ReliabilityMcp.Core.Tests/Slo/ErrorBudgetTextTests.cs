using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Core.Tests.Slo;

public sealed class ErrorBudgetTextTests
{
    [Theory]
    [InlineData(1.0, "100% of its error budget left")]
    [InlineData(0.375, "37.5% of its error budget left")]
    [InlineData(0.0, "error budget exhausted")]
    [InlineData(-0.02, "error budget exhausted")]
    [InlineData(-0.2, "error budget exhausted, overspent 1.2×")]
    [InlineData(-286.995, "error budget exhausted, overspent 288×")]
    [InlineData(-65_981.0, "error budget exhausted, overspent 65,982×")]
    public void Describe_RemainingFraction_ReadsAsAPersonWould(double remaining, string expected) =>
        Assert.Equal(expected, ErrorBudgetText.Describe(remaining));
}
