using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ReliabilityMcp.Core.Incidents;

/// <summary>Incident and outcome ids: a kind prefix and 16 lower-case hex digits.</summary>
public static partial class IncidentIds
{
    /// <summary>A fresh random incident id.</summary>
    public static string NewIncidentId() => "inc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>A fresh random outcome id.</summary>
    public static string NewOutcomeId() => "out-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// The incident id for a client's idempotency key: derived, so a retry after a crash between the id claim
    /// and the writes lands on the same id and completes the same record.
    /// </summary>
    public static string FromIdempotencyKey(string key) =>
        "inc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("incident\n" + key)).AsSpan(0, 8));

    /// <summary>Whether <paramref name="id"/> looks like an incident id.</summary>
    public static bool IsIncidentId(string? id) => id is not null && IncidentPattern().IsMatch(id);

    /// <summary>Whether <paramref name="id"/> looks like an outcome id.</summary>
    public static bool IsOutcomeId(string? id) => id is not null && OutcomePattern().IsMatch(id);

    [GeneratedRegex("^inc-[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex IncidentPattern();

    [GeneratedRegex("^out-[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex OutcomePattern();
}
