using System.Text.Json;
using ReliabilityMcp.Core.Incidents;
using ReliabilityMcp.Redis.Incidents;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Incidents;

/// <summary>
/// Retrieval quality on a labelled set written for this test (LabelledIncidents.json: 11 failure modes, four
/// differently worded incidents each, written independently of the server's seed corpus). Leave one out: each
/// incident's title and symptoms are the query; the top 3 of the others must include one of the same mode.
/// </summary>
public sealed class IncidentQualityTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    [Fact]
    public async Task FindSimilarAsync_LabelledParaphrases_Top3HasSameFailureModeForAtLeast90Percent()
    {
        var ct = TestContext.Current.CancellationToken;
        var labelled = JsonSerializer.Deserialize<List<Labelled>>(
            await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tests", "ReliabilityMcp.Redis.Tests", "Incidents", "LabelledIncidents.json"), ct),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        await using var conn = await StoreConnection.ConnectAsync(garnet.ConnectionString, ct);
        var sut = new IncidentMemory(
            new RedisIncidentStore(conn, new IncidentKeys(new StoreKeys($"q{Guid.NewGuid():N}")), new IncidentSearchOptions()),
            IncidentVectorizer.CreateHashing(), TimeProvider.System);
        var modeById = new Dictionary<string, string>(StringComparer.Ordinal);
        var recordedItems = new List<(string Id, Labelled Item)>();
        foreach (var item in labelled)
        {
            var recorded = await sut.RecordIncidentAsync(new NewIncident
            {
                Service = item.Service,
                Severity = IncidentSeverity.High,
                Title = item.Title,
                Symptoms = item.Symptoms,
                Description = item.Description,
                StartedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            }, "agent", null, ct);
            modeById[recorded.Id] = item.Mode;
            recordedItems.Add((recorded.Id, item));
        }

        var misses = new List<string>();
        foreach (var (id, item) in recordedItems)
        {
            var mode = item.Mode;
            var found = await sut.FindSimilarAsync(new IncidentQuery { Text = $"{item.Title}\n{item.Symptoms}", K = 4 }, ct);
            var top3 = found.Incidents.Where(f => f.Incident.Id != id).Take(3).ToList();
            if (!top3.Any(f => modeById[f.Incident.Id] == mode))
            {
                misses.Add($"{mode}: \"{item.Title}\" -> {string.Join(", ", top3.Select(f => modeById[f.Incident.Id]))}");
            }
        }

        var hitRate = 1 - (misses.Count / (double)modeById.Count);
        Assert.True(hitRate >= 0.9, $"top-3 same-mode rate {hitRate:0.000}; misses:\n{string.Join('\n', misses)}");
    }

    private sealed record Labelled(string Mode, string Service, string Title, string Symptoms, string Description);
}
