using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Redis.Slo;

/// <summary>One bucket resolution of the SLO counters and how its buckets are grouped into hashes.</summary>
/// <param name="Resolution">Bucket size.</param>
/// <param name="Code">Letter in the key.</param>
/// <param name="SlotsPerBlock">Buckets per hash.</param>
/// <param name="Retention">TTL a block gets when written, refreshed once less than 0.9 of it remains.</param>
internal sealed record SloTier(SloResolution Resolution, char Code, int SlotsPerBlock, TimeSpan Retention);
