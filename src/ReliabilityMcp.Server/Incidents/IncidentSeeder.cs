using System.Text.Json;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Incidents;
using ReliabilityMcp.Redis.Incidents;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>
/// Loads the starter corpus. Each seed incident is recorded with an idempotency key derived from its position, and
/// its outcomes only when the incident was newly created, so running the seed twice changes nothing.
/// </summary>
public sealed partial class IncidentSeeder(IncidentMemory memory, RedisIncidentStore store, IOptions<IncidentMemoryOptions> options, ILogger<IncidentSeeder> logger)
{
    /// <summary>The principal seed records are attributed to.</summary>
    public const string Principal = "seed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Loads the corpus at <paramref name="path"/> (default: the shipped one); returns (incidents created, already present, outcomes).</summary>
    public async Task<(int Created, int Existing, int Outcomes)> SeedAsync(string? path, CancellationToken cancellationToken)
    {
        path ??= options.Value.ResolveSeedPath();
        await using var file = File.OpenRead(path);
        var corpus = await JsonSerializer.DeserializeAsync<List<SeedIncident>>(file, Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{path} holds no incidents.");
        int created = 0, existing = 0, outcomes = 0;
        for (var i = 0; i < corpus.Count; i++)
        {
            var seed = corpus[i];
            if (!IncidentSeverityNames.TryParse(seed.Severity, out var severity))
            {
                throw new InvalidDataException($"{path}: incident {i} has severity '{seed.Severity}'.");
            }

            var incident = new NewIncident
            {
                Service = seed.Service,
                Severity = severity,
                Title = seed.Title,
                Description = seed.Description,
                Symptoms = seed.Symptoms,
                RootCause = seed.RootCause,
                Tags = seed.Tags ?? [],
                Telemetry = seed.Telemetry ?? [],
                StartedAt = seed.StartedAt,
                ResolvedAt = seed.ResolvedAt,
            };
            RecordIncidentResult recorded;
            try
            {
                recorded = await memory.RecordIncidentAsync(incident, Principal, $"seed-{i}", cancellationToken).ConfigureAwait(false);
            }
            catch (IncidentValidationException ex)
            {
                throw new InvalidDataException($"{path}: incident {i} ('{seed.Title}') is invalid: {ex.Message}", ex);
            }

            if (recorded.Status != RecordStatus.Created)
            {
                existing++;
                continue;
            }

            created++;
            foreach (var outcome in seed.Outcomes ?? [])
            {
                var actions = outcome.Actions.Select(a => new IncidentAction(
                    ActionTypeNames.TryParse(a.Action, out var type) ? type : throw new InvalidDataException($"{path}: incident {i} has action '{a.Action}'."),
                    a.Targets ?? [seed.Service], a.Detail)).ToList();
                await memory.RecordOutcomeAsync(new NewOutcome
                {
                    IncidentId = recorded.Id,
                    Actions = actions,
                    Success = outcome.Success,
                    ResolutionMinutes = outcome.ResolutionMinutes,
                    Lessons = outcome.Lessons,
                }, Principal, cancellationToken).ConfigureAwait(false);
                outcomes++;
            }
        }

        LogSeeded(logger, path, created, existing, outcomes);
        return (created, existing, outcomes);
    }

    /// <summary>Seeds when this store has never been seeded; the marker is set after the corpus is in, so a crash retries.</summary>
    /// <returns>Whether it seeded.</returns>
    public async Task<bool> SeedIfFirstRunAsync(CancellationToken cancellationToken)
    {
        if (await store.IsSeededAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await SeedAsync(null, cancellationToken).ConfigureAwait(false);
        await store.TryMarkSeededAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(EventId = 3110, EventName = "IncidentsSeeded", Level = LogLevel.Information,
        Message = "Seeded incident memory from {Path}: {Created} incidents created, {Existing} already present, {Outcomes} outcomes")]
    private static partial void LogSeeded(ILogger logger, string path, int created, int existing, int outcomes);
}
