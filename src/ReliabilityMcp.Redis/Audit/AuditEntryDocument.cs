using System.Text.Json.Serialization;
using ReliabilityMcp.Core.Audit;

namespace ReliabilityMcp.Redis.Audit;

/// <summary>The stored (JSON) form of an audit entry.</summary>
internal sealed record AuditEntryDocument(
    [property: JsonPropertyName("seq")] long Sequence,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("principal")] string Principal,
    [property: JsonPropertyName("tool")] string Tool,
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("inputs_digest")] string InputsDigest,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("prev")] string PreviousHash,
    [property: JsonPropertyName("hash")] string Hash)
{
    public static AuditEntryDocument From(AuditEntry e) => new(
        e.Sequence, e.Record.Time, e.Record.Principal, e.Record.Tool, e.Record.Decision, e.Record.InputsDigest, e.Record.Detail, e.PreviousHash, e.Hash);

    public AuditEntry ToEntry() => new(Sequence, new AuditRecord(Time, Principal, Tool, Decision, InputsDigest, Detail), PreviousHash, Hash);
}
