using System.Text.Json.Serialization;

namespace ReliabilityMcp.Redis.Audit;

/// <summary>Source-generated JSON for audit entries (hot path: one per guarded call).</summary>
[JsonSerializable(typeof(AuditEntryDocument))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
