using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Incidents;

namespace ReliabilityMcp.Benchmarks.Incidents;

/// <summary>
/// Generated incidents for the benchmark: each draws most of its words from one of 18 failure-mode vocabularies and
/// the rest from shared filler, so the vectors cluster the way real incident text does (and are not the easy case
/// of duplicates, nor the hardest case of uniform noise).
/// </summary>
internal sealed class SyntheticIncidents(int seed)
{
    private static readonly string[][] Modes =
    [
        ["deploy", "release", "rollout", "regression", "version", "canary", "build", "5xx", "exception", "null", "pointer", "new", "pods", "image"],
        ["connection", "pool", "exhausted", "database", "timeout", "acquiring", "hikari", "max_connections", "threads", "blocked", "waiting", "postgres"],
        ["memory", "leak", "oomkilled", "heap", "rss", "growth", "gc", "pauses", "cache", "eviction", "restarts", "sawtooth"],
        ["cache", "stampede", "thundering", "herd", "miss", "ttl", "expiry", "hot", "keys", "flush", "recompute", "database", "saturated"],
        ["tls", "certificate", "expired", "handshake", "x509", "renewal", "mtls", "ca", "rotation", "ssl", "wildcard"],
        ["noisy", "neighbour", "cpu", "steal", "throttling", "shared", "node", "batch", "job", "limits", "contention", "io", "wait"],
        ["dns", "resolution", "nxdomain", "servfail", "coredns", "lookup", "resolver", "conntrack", "ttl", "record", "stale"],
        ["upstream", "dependency", "outage", "provider", "third", "party", "503", "502", "status", "page", "regional", "api"],
        ["gpu", "cuda", "out", "memory", "oom", "batch", "size", "model", "kv", "cache", "inference", "torch", "a10"],
        ["queue", "backlog", "consumer", "lag", "kafka", "partition", "offset", "poison", "message", "dead", "letter", "depth"],
        ["disk", "full", "space", "device", "wal", "volume", "retention", "logs", "rotation", "inode", "replication", "slot"],
        ["retry", "storm", "backoff", "jitter", "amplification", "clients", "synchronized", "load", "shedding", "budget"],
        ["config", "flag", "feature", "typo", "push", "dynamic", "value", "cohort", "misconfigured", "toggle"],
        ["traffic", "surge", "spike", "campaign", "autoscaler", "hpa", "replicas", "capacity", "peak", "saturation"],
        ["lock", "deadlock", "contention", "migration", "transaction", "row", "exclusive", "wait", "schema", "alter"],
        ["node", "notready", "kernel", "zone", "availability", "spot", "reclaimed", "evicted", "terminating", "kubelet"],
        ["slow", "query", "index", "missing", "scan", "planner", "statistics", "explain", "analyze", "sequential"],
        ["clock", "skew", "ntp", "drift", "jwt", "timestamp", "signature", "expired", "offset", "chrony"],
    ];

    private static readonly string[] Filler =
    [
        "users", "reported", "errors", "latency", "increased", "service", "production", "alert", "fired", "oncall", "engineer",
        "investigated", "dashboard", "showed", "requests", "failing", "region", "customers", "impact", "minutes", "hours", "graph",
    ];

    private static readonly string[] Services =
    [
        "checkout", "payments", "orders", "inventory", "search", "catalog", "accounts", "auth", "notifications", "emails", "shipping",
        "pricing", "recommendations", "gateway", "frontend", "analytics", "billing", "profile", "media", "inference", "feeds", "ledger",
    ];

    private static readonly ActionType[] Actions =
        [ActionType.Restart, ActionType.Rollback, ActionType.ScaleOut, ActionType.CircuitBreaker, ActionType.Failover, ActionType.Custom];

    private readonly Random _random = new(seed);

    /// <summary>Services used (for filtered queries).</summary>
    public static IReadOnlyList<string> ServiceNames => Services;

    public NewIncident Next()
    {
        var mode = Modes[_random.Next(Modes.Length)];
        var words = new List<string>();
        var modeWords = _random.Next(6, 12);
        for (var i = 0; i < modeWords; i++)
        {
            words.Add(mode[_random.Next(mode.Length)]);
        }

        var filler = _random.Next(3, 10);
        for (var i = 0; i < filler; i++)
        {
            words.Insert(_random.Next(words.Count + 1), Filler[_random.Next(Filler.Length)]);
        }

        var split = Math.Min(words.Count, _random.Next(4, 8));
        var telemetry = new Dictionary<string, double>();
        if (_random.NextDouble() < 0.7)
        {
            telemetry["latency_p99"] = Math.Round(50 + (_random.NextDouble() * 8000));
        }

        if (_random.NextDouble() < 0.7)
        {
            telemetry["error_rate"] = Math.Round(_random.NextDouble() * 0.5, 3);
        }

        if (_random.NextDouble() < 0.5)
        {
            telemetry["cpu_util"] = Math.Round(_random.NextDouble(), 2);
        }

        return new NewIncident
        {
            Service = Services[_random.Next(Services.Length)],
            Severity = (IncidentSeverity)_random.Next(4),
            Title = string.Join(' ', words.Take(split)),
            Symptoms = string.Join(' ', words.Skip(split)),
            Description = string.Join(' ', Enumerable.Range(0, 6).Select(_ => Filler[_random.Next(Filler.Length)])),
            Telemetry = telemetry,
            StartedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_random.Next(0, 500_000)),
        };
    }

    public NewOutcome OutcomeFor(string incidentId) => new()
    {
        IncidentId = incidentId,
        Actions = [new IncidentAction(Actions[_random.Next(Actions.Length)], ["svc"])],
        Success = _random.NextDouble() < 0.7,
        ResolutionMinutes = _random.Next(1, 120),
    };

    /// <summary>A query: the text of a fresh incident of some mode (and sometimes its telemetry).</summary>
    public IncidentQuery Query(string? service = null)
    {
        var incident = Next();
        return new IncidentQuery
        {
            Text = $"{incident.Title} {incident.Symptoms}",
            Telemetry = _random.NextDouble() < 0.5 ? incident.Telemetry : new Dictionary<string, double>(),
            Service = service,
            K = 5,
        };
    }
}
