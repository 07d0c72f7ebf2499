using BenchmarkDotNet.Running;

namespace ReliabilityMcp.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/ReliabilityMcp.Benchmarks -- --filter '*'</c>.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
