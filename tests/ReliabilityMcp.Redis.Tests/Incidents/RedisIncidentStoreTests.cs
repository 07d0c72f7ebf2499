using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Incidents;
using ReliabilityMcp.Redis.Incidents;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Incidents;

public sealed class RedisIncidentStoreTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProbeScoreKindAsync_Garnet_ReportsSquaredL2Distance()
    {
        await using var conn = await ConnectAsync();
        var sut = new RedisIncidentStore(conn, Keys(), new IncidentSearchOptions());

        Assert.Equal(VectorScoreKind.SquaredL2Distance, await sut.ProbeScoreKindAsync(Ct));
    }

    [Fact]
    public async Task FindSimilarAsync_AfterRecord_ReturnsTheIncidentFirstWithItsSimilarity()
    {
        await using var conn = await ConnectAsync();
        var (sut, _) = Memory(conn);
        var leak = await sut.RecordIncidentAsync(Incident("worker memory leak, OOMKilled every few hours", "search"), "agent", null, Ct);
        await sut.RecordIncidentAsync(Incident("TLS certificate expired on the edge", "edge"), "agent", null, Ct);
        await sut.RecordIncidentAsync(Incident("Kafka consumer lag on order events", "orders"), "agent", null, Ct);

        var found = await sut.FindSimilarAsync(new IncidentQuery { Text = "memory leak OOMKilled", K = 3 }, Ct);

        Assert.Equal(RecordStatus.Created, leak.Status);
        Assert.Equal(leak.Id, found.Incidents[0].Incident.Id);
        Assert.Equal("search", found.Incidents[0].Incident.Details.Service);
        Assert.InRange(found.Incidents[0].Similarity, 0.3, 1.0);
        Assert.True(found.Incidents[0].Similarity > found.Incidents[1].Similarity);
    }

    [Fact]
    public async Task FindSimilarAsync_WithFilters_ReturnsOnlyMatchingServiceSeverityAndTime()
    {
        await using var conn = await ConnectAsync();
        var (sut, _) = Memory(conn);
        var text = "connection pool exhausted, requests timing out";
        var match = await sut.RecordIncidentAsync(Incident(text, "orders", IncidentSeverity.High, T0.AddDays(10)), "agent", null, Ct);
        await sut.RecordIncidentAsync(Incident(text, "payments", IncidentSeverity.High, T0.AddDays(10)), "agent", null, Ct);
        await sut.RecordIncidentAsync(Incident(text, "orders", IncidentSeverity.Low, T0.AddDays(10)), "agent", null, Ct);
        await sut.RecordIncidentAsync(Incident(text, "orders", IncidentSeverity.High, T0), "agent", null, Ct);

        var found = await sut.FindSimilarAsync(
            new IncidentQuery { Text = text, Service = "orders", Severity = IncidentSeverity.High, Since = T0.AddDays(5), K = 10 }, Ct);

        Assert.Equal(match.Id, Assert.Single(found.Incidents).Incident.Id);
        Assert.Equal(".service == \"orders\" and .severity == \"high\" and .ts >= 1770368400",
            RedisIncidentStore.FilterExpression(new IncidentSearchFilter("orders", IncidentSeverity.High, T0.AddDays(5))));
    }

    [Fact]
    public async Task FindSimilarAsync_ByService_SearchesThatServicesOwnSet()
    {
        await using var conn = await ConnectAsync();
        var keys = Keys();
        var (sut, _) = Memory(conn, keys);
        var orders = await sut.RecordIncidentAsync(Incident("disk full on the orders database", "orders"), "agent", null, Ct);
        await sut.RecordIncidentAsync(Incident("disk full on the payments database", "payments"), "agent", null, Ct);
        await sut.RecordIncidentAsync(Incident("disk full on the payments replica", "payments"), "agent", null, Ct);

        var found = await sut.FindSimilarAsync(new IncidentQuery { Text = "disk full on the database", Service = "orders", K = 10 }, Ct);

        Assert.Equal(orders.Id, Assert.Single(found.Incidents).Incident.Id);
        Assert.Equal((3, 1, 2), (
            (await conn.ExecuteAsync("VCARD", [keys.Vectors], Ct)).AsInt64(),
            (await conn.ExecuteAsync("VCARD", [keys.ServiceVectors("orders")], Ct)).AsInt64(),
            (await conn.ExecuteAsync("VCARD", [keys.ServiceVectors("payments")], Ct)).AsInt64()));
    }

    [Fact]
    public async Task EnsureIndexAsync_StoreWrittenBeforeServiceSets_BackfillsThemOnce()
    {
        await using var conn = await ConnectAsync();
        var keys = Keys();
        var (writer, _) = Memory(conn, keys);
        var recorded = await writer.RecordIncidentAsync(Incident("certificate expired on the edge proxy", "edge"), "agent", null, Ct);
        // What a store written by an earlier version looks like: the global set only, no per-service sets, no marker.
        await conn.ExecuteAsync("DEL", [keys.ServiceVectors("edge"), keys.ServiceVectorsComplete], Ct);

        var (reader, _) = Memory(conn, keys); // a restarted server checks the index once
        var found = await reader.FindSimilarAsync(new IncidentQuery { Text = "certificate expired", Service = "edge", K = 5 }, Ct);

        Assert.Equal(recorded.Id, Assert.Single(found.Incidents).Incident.Id);
        Assert.Equal(1, (await conn.ExecuteAsync("VCARD", [keys.ServiceVectors("edge")], Ct)).AsInt64());
        Assert.Equal(1, (await conn.ExecuteAsync("EXISTS", [keys.ServiceVectorsComplete], Ct)).AsInt64());
    }

    [Fact]
    public async Task RecordIncidentAsync_SetsCreatedWithOtherLinks_AddsWithTheirs()
    {
        // A store indexed under the older default (M 16) keeps working after the default became 32: the store
        // refuses a VADD asking for other links, so the set's own are used.
        await using var conn = await ConnectAsync();
        var keys = Keys();
        var vectorizer = IncidentVectorizer.CreateHashing();
        var old = new IncidentMemory(new RedisIncidentStore(conn, keys, new IncidentSearchOptions { M = 16 }), vectorizer, TimeProvider.System);
        var first = await old.RecordIncidentAsync(Incident("queue backlog on the mailer", "mailer"), "agent", null, Ct);
        var (sut, _) = Memory(conn, keys, vectorizer);

        var second = await sut.RecordIncidentAsync(Incident("queue backlog on the mailer again", "mailer"), "agent", null, Ct);
        var found = await sut.FindSimilarAsync(new IncidentQuery { Text = "queue backlog", Service = "mailer", K = 5 }, Ct);

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), found.Incidents.Select(i => i.Incident.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await conn.ExecuteAsync("VCARD", [keys.Vectors], Ct)).AsInt64());
    }

    [Fact]
    public async Task RecordOutcomeAsync_LinksBothWays_AndFindReturnsOutcomesWithWeightedActions()
    {
        await using var conn = await ConnectAsync();
        var (sut, store) = Memory(conn);
        var incident = await sut.RecordIncidentAsync(Incident("bad deploy of checkout caused 5xx", "checkout"), "agent", null, Ct);

        var first = await sut.RecordOutcomeAsync(Outcome(incident.Id, false, ActionType.Restart), "agent", Ct);
        var second = await sut.RecordOutcomeAsync(Outcome(incident.Id, true, ActionType.Rollback), "agent", Ct);
        var third = await sut.RecordOutcomeAsync(Outcome(incident.Id, true, ActionType.Rollback), "agent", Ct);
        var fourth = await sut.RecordOutcomeAsync(Outcome(incident.Id, true, ActionType.Rollback), "agent", Ct);

        Assert.Equal([first.Id, second.Id, third.Id, fourth.Id], (await store.GetOutcomesAsync(incident.Id, Ct)).Select(o => o.Id));
        Assert.Equal(incident.Id, await store.GetIncidentIdOfOutcomeAsync(second.Id, Ct));
        var found = await sut.FindSimilarAsync(new IncidentQuery { Text = "bad deploy of checkout caused 5xx", K = 1 }, Ct);
        var hit = Assert.Single(found.Incidents);
        Assert.Equal(4, hit.Outcomes.Count);
        var rollback = found.EffectiveActions.Actions[0];
        Assert.Equal((ActionType.Rollback, 3, 1.0, (int?)1), (rollback.Action, rollback.Count, rollback.SuccessRate, rollback.Rank));
        Assert.Equal(3 * hit.Similarity, rollback.Weight, 9);
        Assert.Equal(3 * hit.Similarity / ((3 * hit.Similarity) + 2), rollback.Confidence, 9);
        Assert.Null(found.EffectiveActions.Actions[1].Rank); // restart: one outcome only
    }

    [Fact]
    public async Task RecordOutcomeAsync_UnknownIncident_IsRefusedAndWritesNothing()
    {
        await using var conn = await ConnectAsync();
        var (sut, store) = Memory(conn);

        var error = await Assert.ThrowsAsync<IncidentValidationException>(() => sut.RecordOutcomeAsync(Outcome("inc-00000000000000ff", true, ActionType.Restart), "agent", Ct));

        Assert.StartsWith("incident_id: no incident", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.GetOutcomesAsync("inc-00000000000000ff", Ct));
    }

    [Fact]
    public async Task RecordIncidentAsync_SameKeySameContent_ReturnsSameIdOnce()
    {
        await using var conn = await ConnectAsync();
        var (sut, store) = Memory(conn);
        var incident = Incident("queue backlog on emails", "emails");

        var first = await sut.RecordIncidentAsync(incident, "agent", "pd-123", Ct);
        var again = await sut.RecordIncidentAsync(incident, "agent", "pd-123", Ct);
        var otherContent = await sut.RecordIncidentAsync(incident with { Title = "something else" }, "agent", "pd-123", Ct);
        var otherPrincipal = await sut.RecordIncidentAsync(incident, "agent-2", "pd-123", Ct);

        Assert.Equal((RecordStatus.Created, RecordStatus.Existing, RecordStatus.Conflict), (first.Status, again.Status, otherContent.Status));
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Id, otherContent.Id);
        Assert.NotEqual(first.Id, otherPrincipal.Id);
        Assert.Equal(2, await store.CountAsync(Ct));
        Assert.Equal("queue backlog on emails", (await store.GetIncidentAsync(first.Id, Ct))?.Details.Title);
    }

    [Fact]
    public async Task RecordIncidentAsync_ClaimedKeyButIncidentMissing_CompletesTheSameRecord()
    {
        // A crash between the idempotency claim and the writes leaves a claim without an incident; the retry must finish it.
        await using var conn = await ConnectAsync();
        var keys = Keys();
        var (sut, store) = Memory(conn, keys);
        var incident = Incident("dns failures in checkout", "checkout");
        var first = await sut.RecordIncidentAsync(incident, "agent", "retry-me", Ct);
        await conn.ExecuteAsync("DEL", [keys.Incident(first.Id)], Ct);
        await conn.ExecuteAsync("VREM", [keys.Vectors, first.Id], Ct);

        var retry = await sut.RecordIncidentAsync(incident, "agent", "retry-me", Ct);

        Assert.Equal((first.Id, RecordStatus.Existing), (retry.Id, retry.Status));
        Assert.NotNull(await store.GetIncidentAsync(first.Id, Ct));
        Assert.Equal(1, await store.CountAsync(Ct));
    }

    [Fact]
    public async Task EnsureIndexAsync_OtherEmbedderOrDimension_RefusesWithClearMessage()
    {
        await using var conn = await ConnectAsync();
        var keys = Keys();
        var (built, _) = Memory(conn, keys, IncidentVectorizer.CreateHashing(384));
        await built.RecordIncidentAsync(Incident("some incident", "orders"), "agent", null, Ct);
        var (sut, _) = Memory(conn, keys, IncidentVectorizer.CreateHashing(256));

        var error = await Assert.ThrowsAsync<IncidentIndexMismatchException>(() => sut.FindSimilarAsync(new IncidentQuery { Text = "x" }, Ct));

        Assert.Contains("reliabilitymcp-hashing/hashing-v1 (384 text dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("configured with reliabilitymcp-hashing/hashing-v1 (256 text dimensions", error.Message, StringComparison.Ordinal);
        Assert.Equal(384, error.Stored.TextDimensions);
    }

    [Fact]
    public async Task SearchAsync_Q8IndexReranked_MatchesExactBruteForceOnRandomVectors()
    {
        // Random unit vectors are the hardest case for HNSW (no structure); exact re-ranking of the candidates must
        // still return the true top 5 for nearly every query.
        await using var conn = await ConnectAsync();
        var keys = Keys();
        var sut = new RedisIncidentStore(conn, keys, new IncidentSearchOptions());
        await sut.EnsureIndexAsync(new IncidentIndexDescriptor("random", 64, "none", 64), Ct);
        var random = new Random(7);
        var items = Enumerable.Range(0, 2000).Select(i => (new Incident($"inc-{i:x16}", Incident("x", "orders"), T0, "bench"), Unit(random, 64))).ToList();
        await sut.AddManyAsync(items, Ct);

        var hits = 0;
        const int Queries = 50;
        for (var q = 0; q < Queries; q++)
        {
            var query = Unit(random, 64);
            var exact = items.OrderByDescending(i => VectorMath.Dot(query, i.Item2)).Take(5).Select(i => i.Item1.Id).ToHashSet();
            var found = await sut.SearchAsync(query, IncidentSearchFilter.None, 5, Ct);
            hits += found.Count(f => exact.Contains(f.Incident.Id));
        }

        Assert.True(hits >= 0.95 * Queries * 5, $"recall@5 {hits / (Queries * 5.0):0.000}");
    }

    private Task<StoreConnection> ConnectAsync() =>
        StoreConnection.ConnectAsync(garnet.ConnectionString + ",commandTimeout=60000", Ct);

    private static IncidentKeys Keys() => new(new StoreKeys($"i{Guid.NewGuid():N}"));

    private static (IncidentMemory Memory, RedisIncidentStore Store) Memory(IStoreConnection conn, IncidentKeys? keys = null, IncidentVectorizer? vectorizer = null)
    {
        var store = new RedisIncidentStore(conn, keys ?? Keys(), new IncidentSearchOptions());
        return (new IncidentMemory(store, vectorizer ?? IncidentVectorizer.CreateHashing(), TimeProvider.System), store);
    }

    internal static NewIncident Incident(string title, string service, IncidentSeverity severity = IncidentSeverity.High, DateTimeOffset? started = null) =>
        new() { Service = service, Severity = severity, Title = title, StartedAt = started ?? T0 };

    private static NewOutcome Outcome(string incidentId, bool success, ActionType action) =>
        new() { IncidentId = incidentId, Actions = [new IncidentAction(action, ["checkout"])], Success = success, ResolutionMinutes = 12 };

    private static float[] Unit(Random random, int dimensions)
    {
        var v = new float[dimensions];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = VectorMath.Norm(v);
        return [.. v.Select(x => x / norm)];
    }
}
