using System.Globalization;
using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Redis.Slo;

/// <summary>
/// Key layout of the SLO counters. Buckets are grouped into blocks (one hash per service per block, fields
/// <c>{slo}:t|g:{slot}</c>) so a window is a handful of HMGETs, not one read per bucket: minute buckets in one hash
/// per hour, five-minute buckets in one per six hours, hour buckets in one per day, day buckets in one per ten days. Every key carries the
/// <c>{slo}</c> hash tag so the ingest script, which touches many services, stays single-slot on a cluster.
/// </summary>
internal sealed class SloKeys(string prefix)
{
    /// <summary>
    /// Tiers: resolution, buckets per block, and the TTL a block gets when written. The ingest script refreshes the TTL
    /// only once less than nine tenths of it remain (a PEXPIRE is an AOF record; a PTTL is not), so a block lives at
    /// least 0.9 × retention after its last write; each retention below covers the windows, a block and that tenth.
    /// </summary>
    public static readonly SloTier[] Tiers =
    [
        new(SloResolution.Minute, 'm', 60, TimeSpan.FromHours(3)),                      // 0.9 × 3 h ≥ 1 h windows + a 1 h block
        new(SloResolution.FiveMinutes, 'f', 72, TimeSpan.FromHours(14)),                // 0.9 × 14 h ≥ 6 h windows + a 6 h block
        new(SloResolution.Hour, 'h', 24, TimeSpan.FromDays(5)),                        // 0.9 × 5 d ≥ 3 d windows + a 1 d block
        new(SloResolution.Day, 'd', 10, TimeSpan.FromDays(46)),                        // 0.9 × 46 d ≥ 31 d windows + a 10 d block
    ];

    /// <summary>How long a batch id is remembered, so a retried batch counts once.</summary>
    public static readonly TimeSpan BatchRetention = TimeSpan.FromHours(24);

    /// <summary>How long a day of guard-decision counters is kept.</summary>
    public static readonly TimeSpan AgentRetention = TimeSpan.FromDays(9);

    /// <summary>The hash holding <paramref name="tier"/>'s block <paramref name="block"/> for <paramref name="service"/>.</summary>
    public string Block(SloTier tier, string service, long block) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}:{{slo}}:{tier.Code}:{service}:{block}");

    /// <summary>Field of a block holding the version token of the last ingest call that wrote the block.</summary>
    public const string VersionField = "v";

    /// <summary>Marker of an ingested batch.</summary>
    public string Batch(string batchId) => $"{prefix}:{{slo}}:batch:{batchId}";

    /// <summary>Guard decision counters of one day.</summary>
    public string Agents(long day) => string.Create(CultureInfo.InvariantCulture, $"{prefix}:{{slo}}:agents:{day}");

    /// <summary>Field of an SLO's total (<c>t</c>) or good (<c>g</c>) count in a bucket.</summary>
    public static string Field(string slo, char kind, long slotInBlock) =>
        string.Create(CultureInfo.InvariantCulture, $"{slo}:{kind}:{slotInBlock}");
}
