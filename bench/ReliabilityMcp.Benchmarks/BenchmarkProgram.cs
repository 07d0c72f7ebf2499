using BenchmarkDotNet.Running;
using ReliabilityMcp.Benchmarks.Http;
using ReliabilityMcp.Benchmarks.Incidents;
using ReliabilityMcp.Benchmarks.Policies;
using ReliabilityMcp.Benchmarks.Slo;

namespace ReliabilityMcp.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/ReliabilityMcp.Benchmarks -- --filter '*'</c> for
/// BenchmarkDotNet, <c>-- policies-latency [options]</c> for the percentiles of evaluate_policies' in-process path on a real Garnet,
/// <c>-- incidents --size N</c> for incident memory's insert rate, search latency and recall,
/// <c>-- slo [options]</c> for SLO ingestion throughput and slo_status latency on a real Garnet,
/// or <c>-- store --out FILE</c> for the Garnet that bench/http/run.sh points the server at.
/// </summary>
public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "policies-latency")
        {
            return PoliciesLatencyCommand.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "incidents")
        {
            return IncidentsBenchCommand.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "slo")
        {
            return SloCommand.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "store")
        {
            return StoreCommand.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
