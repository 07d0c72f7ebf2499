namespace ReliabilityMcp.Server.Slo;

/// <summary>What one scrape of one target did.</summary>
/// <param name="Service">The target's service.</param>
/// <param name="Url">The target's URL.</param>
/// <param name="Status"><c>baseline</c> (first reading, nothing to diff), <c>ingested</c>, <c>duplicate</c> (another replica took this interval) or <c>failed</c>.</param>
/// <param name="Problem">Why it failed; nothing from a failed scrape is ingested.</param>
public sealed record ScrapeResult(string Service, string Url, string Status, string? Problem = null);
