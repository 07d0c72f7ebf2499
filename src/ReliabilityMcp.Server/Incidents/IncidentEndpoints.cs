using Microsoft.AspNetCore.Http.HttpResults;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Incidents;
using ReliabilityMcp.Redis.Incidents;
using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>
/// Incidents on the operator API (approver and admin, like the rest of <c>/api</c>): recent incidents or a search
/// through the incident memory, and one incident with its outcomes. Free text in them is data written by agents.
/// </summary>
public static class IncidentEndpoints
{
    /// <summary>Most incidents the recent listing reads; beyond it the listing says it is truncated.</summary>
    public const int MaxScan = 5000;

    /// <summary>Maps <c>GET /incidents</c> and <c>GET /incidents/{id}</c> onto the operator API group.</summary>
    public static RouteGroupBuilder MapIncidentEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/incidents", ListAsync);
        api.MapGet("/incidents/{id}", GetAsync);
        return api;
    }

    private static async Task<Results<Ok<IncidentListResult>, ProblemHttpResult>> ListAsync(
        IncidentMemory memory, IIncidentStore store, IStoreConnection connection, IncidentKeys keys, CancellationToken cancellationToken,
        string? service = null, string? q = null, int count = 50)
    {
        if (count is < 1 or > IncidentLimits.MaxK)
        {
            return TypedResults.Problem($"count must be 1 to {IncidentLimits.MaxK}.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (service is not null && !ConfigurationValidator.ServiceNamePattern().IsMatch(service))
        {
            return TypedResults.Problem("service must match ^[a-z0-9][a-z0-9-]{0,62}$, e.g. checkout; omit it for every service.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            try
            {
                var found = await memory.FindSimilarAsync(new IncidentQuery { Text = q, Service = service, K = count }, cancellationToken);
                return TypedResults.Ok(new IncidentListResult("similar", [.. found.Incidents.Select(s =>
                    new IncidentListItem(IncidentView.From(s.Incident), s.Outcomes.Count, s.Outcomes.Count(o => o.Details.Success), s.Similarity))]));
            }
            catch (IncidentValidationException ex)
            {
                return TypedResults.Problem(string.Join(" ", ex.Errors), statusCode: StatusCodes.Status400BadRequest);
            }
        }

        // The memory has no time index: SCAN the incident documents (bounded) and keep the newest. Fine for a console
        // page opened by a person; not a hot path.
        var (incidents, truncated) = await ScanAsync(store, connection, keys, cancellationToken);
        var newest = incidents
            .Where(i => service is null || i.Details.Service == service)
            .OrderByDescending(i => i.Details.StartedAt).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Take(count)
            .ToList();
        var outcomes = await Task.WhenAll(newest.Select(i => store.GetOutcomesAsync(i.Id, cancellationToken)));
        return TypedResults.Ok(new IncidentListResult("recent",
            [.. newest.Select((i, n) => new IncidentListItem(IncidentView.From(i), outcomes[n].Count, outcomes[n].Count(o => o.Details.Success)))],
            incidents.Count, truncated));
    }

    private static async Task<Results<Ok<IncidentDetailResult>, NotFound>> GetAsync(string id, IIncidentStore store, CancellationToken cancellationToken)
    {
        if (await store.GetIncidentAsync(id, cancellationToken) is not { } incident)
        {
            return TypedResults.NotFound();
        }

        var outcomes = await store.GetOutcomesAsync(id, cancellationToken);
        return TypedResults.Ok(new IncidentDetailResult(IncidentView.From(incident), [.. outcomes.Select(OutcomeView.From)]));
    }

    private static async Task<(List<Incident> Incidents, bool Truncated)> ScanAsync(
        IIncidentStore store, IStoreConnection connection, IncidentKeys keys, CancellationToken cancellationToken)
    {
        var prefix = keys.Incident("");
        var pattern = EscapeGlob(prefix) + "*";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var cursor = "0";
        var truncated = false;
        do
        {
            var reply = await connection.ExecuteAsync("SCAN", [cursor, "MATCH", pattern, "COUNT", 1000], cancellationToken);
            cursor = reply[0].AsString() ?? "0";
            foreach (var key in reply[1].AsSpan())
            {
                if (ids.Count >= MaxScan)
                {
                    truncated = true;
                    break;
                }

                ids.Add(key.AsString()![prefix.Length..]);
            }
        }
        while (cursor != "0" && !truncated);

        var read = await Task.WhenAll(ids.Select(id => store.GetIncidentAsync(id, cancellationToken)));
        return ([.. read.OfType<Incident>()], truncated);
    }

    // The key prefix is configuration (letters, digits, dashes in practice), but escape glob characters all the same.
    private static string EscapeGlob(string text) =>
        string.Concat(text.Select(c => c is '*' or '?' or '[' or ']' or '\\' ? $"\\{c}" : c.ToString()));
}
