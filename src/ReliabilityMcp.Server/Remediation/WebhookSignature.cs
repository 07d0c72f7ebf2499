using System.Security.Cryptography;
using System.Text;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// The webhook signature: <c>X-ReliabilityMcp-Signature: sha256=HEX</c> where HEX is the HMAC-SHA256, keyed with the
/// executor's secret, of <c>"{timestamp}.{body}"</c>, and <c>X-ReliabilityMcp-Timestamp</c> carries the Unix seconds.
/// Binding the timestamp lets a receiver refuse replays older than a few minutes.
/// </summary>
public static class WebhookSignature
{
    /// <summary>Signature header.</summary>
    public const string SignatureHeader = "X-ReliabilityMcp-Signature";

    /// <summary>Timestamp header (Unix seconds).</summary>
    public const string TimestampHeader = "X-ReliabilityMcp-Timestamp";

    /// <summary>Execution id header (receivers may deduplicate on it).</summary>
    public const string ExecutionIdHeader = "X-ReliabilityMcp-Execution-Id";

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Compute(string secret, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>Checks a received signature in fixed time (for receivers, and the tests' receiver).</summary>
    public static bool Verify(string secret, long timestamp, string body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
