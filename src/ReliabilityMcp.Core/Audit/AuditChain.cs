using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReliabilityMcp.Core.Audit;

/// <summary>
/// Hash chaining for the audit trail: each entry's hash covers its sequence, time, principal, tool, decision,
/// inputs digest, detail and the previous entry's hash, so changing, inserting or deleting any entry breaks
/// every later link. Fields are length-prefixed so no two different entries serialise alike.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Builds the entry that follows <paramref name="previousHash"/> at <paramref name="sequence"/>.</summary>
    public static AuditEntry Link(long sequence, AuditRecord record, string previousHash) =>
        new(sequence, record, previousHash, ComputeHash(sequence, record, previousHash));

    /// <summary>The hash of an entry (lower-case hex SHA-256).</summary>
    public static string ComputeHash(long sequence, AuditRecord record, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(record);
        var canonical = new StringBuilder(256);
        Append(canonical, sequence.ToString(CultureInfo.InvariantCulture));
        Append(canonical, record.Time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        Append(canonical, record.Principal);
        Append(canonical, record.Tool);
        Append(canonical, record.Decision);
        Append(canonical, record.InputsDigest);
        Append(canonical, record.Detail);
        Append(canonical, previousHash);
        var text = canonical.ToString();
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(bytes.AsSpan(0, length), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Walks <paramref name="entries"/> (in order, starting at sequence <paramref name="firstSequence"/> whose previous
    /// hash is <paramref name="expectedPreviousHash"/>) and reports the first broken link.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entries, long firstSequence = 1, string expectedPreviousHash = GenesisHash)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var expectedSequence = firstSequence;
        var previous = expectedPreviousHash;
        long checkedCount = 0;
        foreach (var entry in entries)
        {
            checkedCount++;
            if (entry.Sequence != expectedSequence)
            {
                return new(false, checkedCount, expectedSequence,
                    $"expected sequence {expectedSequence} but found {entry.Sequence}: an entry was deleted or inserted");
            }

            if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal))
            {
                return new(false, checkedCount, entry.Sequence, "previous-hash link does not match the preceding entry");
            }

            var actual = ComputeHash(entry.Sequence, entry.Record, entry.PreviousHash);
            if (!string.Equals(actual, entry.Hash, StringComparison.Ordinal))
            {
                return new(false, checkedCount, entry.Sequence, "entry content does not match its hash: it was modified");
            }

            previous = entry.Hash;
            expectedSequence++;
        }

        return new(true, checkedCount, null, null);
    }

    /// <summary>SHA-256 (hex) of a canonical string, for <see cref="AuditRecord.InputsDigest"/>.</summary>
    public static string Digest(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static void Append(StringBuilder sb, string value) =>
        sb.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
}
