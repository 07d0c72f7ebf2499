using Microsoft.AspNetCore.Http.HttpResults;
using ModelContextProtocol;
using ReliabilityMcp.Core.Chaos;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>Chaos experiments on the operator API (approver and admin tokens, as the rest of the group).</summary>
public static class ChaosOperatorEndpoints
{
    /// <summary>Maps <c>GET /chaos/experiments</c> (newest first) and <c>GET /chaos/experiments/{id}</c> (with timeline).</summary>
    public static RouteGroupBuilder MapChaosEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/chaos/experiments", ListAsync);
        api.MapGet("/chaos/experiments/{id}", GetAsync);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<ChaosExperiment>>, ProblemHttpResult>> ListAsync(
        IChaosExperimentStore store, CancellationToken cancellationToken, int count = 50)
    {
        if (count is < 1 or > 500)
        {
            return TypedResults.Problem("count must be 1 to 500.", statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(await store.ListAsync(count, cancellationToken));
    }

    private static async Task<Results<Ok<ChaosExperimentView>, NotFound, ProblemHttpResult>> GetAsync(
        IChaosExperimentStore store, string id, CancellationToken cancellationToken)
    {
        try
        {
            return await ChaosTools.ReadAsync(store, id, cancellationToken) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();
        }
        catch (McpException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
