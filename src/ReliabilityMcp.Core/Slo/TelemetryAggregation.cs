namespace ReliabilityMcp.Core.Slo;

/// <summary>A batch turned into per-SLO minute increments, or the reasons it was rejected.</summary>
/// <param name="Increments">What to add, one entry per (SLO, minute).</param>
/// <param name="Errors">Problems; when any, nothing is ingested.</param>
/// <param name="Events">Events accepted.</param>
/// <param name="Ignored">Events for services without an SLO, or older than the longest window.</param>
public sealed record TelemetryAggregation(IReadOnlyList<SloIncrement> Increments, IReadOnlyList<string> Errors, int Events, int Ignored);
