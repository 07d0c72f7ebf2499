using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace ReliabilityMcp.Benchmarks.Policies;

/// <summary>Adds P50/P95 and the maximum to the default columns: the tail is what a caller waits for.</summary>
public sealed class PercentileConfig : ManualConfig
{
    public PercentileConfig()
    {
        AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Max);
    }
}
