namespace ReliabilityMcp.Redis.Incidents;

/// <summary>
/// Key layout of incident memory, under the deployment prefix and one hash tag (<c>{incidents}</c>) so the
/// outcome-linking script stays single-slot on a cluster.
/// </summary>
public sealed class IncidentKeys(StoreKeys keys)
{
    private readonly string _root = $"{keys.Prefix}:{{incidents}}";

    /// <summary>The index record (hash: descriptor JSON).</summary>
    public string Index => $"{_root}:index";

    /// <summary>The vector set (element = incident id, attributes = {service, severity, ts}).</summary>
    public string Vectors => $"{_root}:vectors";

    /// <summary>
    /// One service's vector set (same elements and attributes as <see cref="Vectors"/>, only that service's
    /// incidents): a search filtered by service walks a graph of its own incidents instead of filtering every node
    /// it visits in the whole index.
    /// </summary>
    public string ServiceVectors(string service) => $"{_root}:vectors:service:{service}";

    /// <summary>Set once every incident is also in its service's vector set (stores written before those sets existed are backfilled).</summary>
    public string ServiceVectorsComplete => $"{_root}:vectors:by-service";

    /// <summary>Pattern matching every incident hash (for the backfill's SCAN).</summary>
    public string IncidentPattern => $"{_root}:incident:*";

    /// <summary>One incident (hash: doc JSON, vec float32 LE, digest).</summary>
    public string Incident(string id) => $"{_root}:incident:{id}";

    /// <summary>Outcome ids of an incident, oldest first (list): incident -RESOLVED_BY-> outcome.</summary>
    public string ResolvedBy(string incidentId) => $"{_root}:resolved-by:{incidentId}";

    /// <summary>One outcome (hash: doc JSON, incident id: the link read backwards).</summary>
    public string Outcome(string id) => $"{_root}:outcome:{id}";

    /// <summary>An idempotency claim (string <c>id|digest</c>); <paramref name="keyDigest"/> is a hash of the client key.</summary>
    public string Idempotency(string keyDigest) => $"{_root}:idem:{keyDigest}";

    /// <summary>Set once the starter corpus has been loaded.</summary>
    public string Seeded => $"{_root}:seeded";

    /// <summary>A scratch vector set for the score-semantics probe.</summary>
    public string Probe(string nonce) => $"{_root}:probe:{nonce}";
}
