using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.LoadGenerator;

/// <summary>Section <c>Load</c>.</summary>
internal sealed class LoadOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Load";

    /// <summary>The service that receives the traffic (its address comes from <c>services:{Service}:http:0</c>).</summary>
    [Required]
    public string Service { get; set; } = "checkout";

    /// <summary>Path requested (POST, JSON order).</summary>
    [Required]
    public string Path { get; set; } = "/api/checkout";

    /// <summary>Requests per second.</summary>
    [Range(0.1, 5_000)]
    public double RequestsPerSecond { get; set; } = 20;

    /// <summary>Requests in flight at most; beyond it a tick's requests are counted as shed, not queued.</summary>
    [Range(1, 10_000)]
    public int MaxInFlight { get; set; } = 64;

    /// <summary>Client timeout per request; a timeout counts as a failed request.</summary>
    [Range(1, 120_000)]
    public int TimeoutMilliseconds { get; set; } = 5_000;

    /// <summary>Where outcomes go. Empty: outcomes are only counted in the log.</summary>
    public Uri? IngestUrl { get; set; }

    /// <summary>Bearer token for the ingestion endpoint (never logged).</summary>
    public string? IngestToken { get; set; }

    /// <summary>How often outcomes are sent, in seconds.</summary>
    [Range(0.1, 60)]
    public double FlushSeconds { get; set; } = 1;

    /// <summary>Outcomes kept while the ingestion endpoint is unreachable; the oldest are dropped (and counted) beyond it.</summary>
    [Range(100, 10_000_000)]
    public int MaxBufferedOutcomes { get; set; } = 200_000;
}
