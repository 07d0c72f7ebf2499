namespace ReliabilityMcp.Core.Slo;

/// <summary>Outcome of ingesting one batch.</summary>
/// <param name="BatchId">The batch id.</param>
/// <param name="Accepted">Stored now.</param>
/// <param name="Duplicate">The batch id was ingested before: nothing was added this time.</param>
/// <param name="Events">Events that count towards an SLO.</param>
/// <param name="Ignored">Events for services without an SLO, or older than the longest window.</param>
/// <param name="Errors">Validation errors; when any, nothing is stored.</param>
public sealed record IngestResult(string BatchId, bool Accepted, bool Duplicate, int Events, int Ignored, IReadOnlyList<string> Errors);
