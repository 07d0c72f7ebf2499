using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ReliabilityMcp.AppHost.Hosting;

namespace ReliabilityMcp.AppHost.Control;

/// <summary>
/// The AppHost's control API (loopback only, bearer token): what the server's <c>process</c> executor calls to
/// restart, stop, start and scale the resources the AppHost runs. Answers come once the change took effect
/// (a restart answers when the new instance is healthy), so the executor's after-check sees the result.
/// </summary>
internal static class ControlApi
{
    /// <summary>Maps <c>/resources</c> behind <paramref name="token"/>.</summary>
    public static void Map(IEndpointRouteBuilder routes, string token)
    {
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        var group = routes.MapGroup("/resources").AddEndpointFilter(async (context, next) =>
        {
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : "";
            if (presented.Length == 0 || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected))
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Problem(StatusCodes.Status401Unauthorized, "unauthorized", "send the AppHost control token as Authorization: Bearer <token>");
            }

            return await next(context).ConfigureAwait(false);
        });

        group.MapGet("", (Orchestrator orchestrator) => Results.Json(new ResourceList([.. Views(orchestrator)])));
        group.MapGet("/{name}", (string name, Orchestrator orchestrator) =>
            Views(orchestrator).FirstOrDefault(v => v.Name == name) is { } view ? Results.Json(view) : NotFound(name));
        group.MapPost("/{name}/restart", (string name, Orchestrator orchestrator) => ControlAsync(orchestrator, name, ControlOperation.Restart));
        group.MapPost("/{name}/stop", (string name, Orchestrator orchestrator) => ControlAsync(orchestrator, name, ControlOperation.Stop));
        group.MapPost("/{name}/start", (string name, Orchestrator orchestrator) => ControlAsync(orchestrator, name, ControlOperation.Start));
        group.MapPost("/{name}/scale", ScaleAsync);
    }

    private static IEnumerable<ResourceView> Views(Orchestrator orchestrator)
    {
        string? primary = null;
        foreach (var supervisor in orchestrator.Supervisors)
        {
            var name = supervisor.Resource.Name;
            if (orchestrator.Find(name) is not null)
            {
                primary = name;
                yield return ResourceView.Of(supervisor, orchestrator.ReplicasOf(name), null);
            }
            else
            {
                yield return ResourceView.Of(supervisor, 1, primary);
            }
        }
    }

    private static async Task<IResult> ControlAsync(Orchestrator orchestrator, string name, ControlOperation operation)
    {
        if (orchestrator.Find(name) is not { } supervisor)
        {
            return NotFound(name);
        }

        var resource = supervisor.Resource;
        if (!resource.Controllable)
        {
            return Problem(StatusCodes.Status409Conflict, "not controllable",
                $"{name} is not controllable through the control API: stopping it would take down what runs the remediation");
        }

        var previousPid = resource.ProcessId;
        var done = supervisor.SendAsync(operation);

        // The change goes on even if the caller gives up: a half-made restart is worse than a late answer.
        var allowed = resource.StopGrace + resource.StartupTimeout + TimeSpan.FromSeconds(5);
        string? failure;
        try
        {
            failure = await done.WaitAsync(allowed).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return Problem(StatusCodes.Status504GatewayTimeout, "timeout",
                $"{name} did not finish {operation.ToString().ToLowerInvariant()} within {allowed.TotalSeconds:0} s; it is {ResourceView.Wire(supervisor.State)}");
        }

        if (failure is not null)
        {
            return Problem(supervisor.State is ResourceState.Failed ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status504GatewayTimeout,
                $"{operation.ToString().ToLowerInvariant()} failed", failure);
        }

        var view = ResourceView.Of(supervisor, orchestrator.ReplicasOf(name), null);
        return Results.Json(new ControlAnswer(view, previousPid));
    }

    private static async Task<IResult> ScaleAsync(string name, ScaleRequest? body, Orchestrator orchestrator, CancellationToken cancellationToken)
    {
        if (orchestrator.Find(name) is not { } supervisor)
        {
            return NotFound(name);
        }

        var resource = supervisor.Resource;
        if (resource.ReplicaFactory is null || resource.MaxReplicas < 2)
        {
            return Problem(StatusCodes.Status409Conflict, "not scalable",
                $"{name} cannot run more than one instance (a fixed port or a singleton)");
        }

        if (body?.Replicas is not { } replicas || replicas < 1 || replicas > resource.MaxReplicas)
        {
            return Problem(StatusCodes.Status400BadRequest, "bad replicas",
                $"send {{\"replicas\": n}} with n from 1 to {resource.MaxReplicas}");
        }

        var (previous, error) = await orchestrator.ScaleAsync(name, replicas, cancellationToken).ConfigureAwait(false);
        return error is not null
            ? Problem(StatusCodes.Status504GatewayTimeout, "scale failed", error)
            : Results.Json(new ScaleAnswer(ResourceView.Of(supervisor, orchestrator.ReplicasOf(name), null), previous));
    }

    private static IResult NotFound(string name) =>
        Problem(StatusCodes.Status404NotFound, "unknown resource", $"the AppHost runs no resource named '{name}'");

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title);

    private sealed record ResourceList([property: JsonPropertyName("resources")] IReadOnlyList<ResourceView> Resources);

    private sealed record ControlAnswer([property: JsonPropertyName("resource")] ResourceView Resource, [property: JsonPropertyName("previousPid")] int? PreviousPid);

    private sealed record ScaleAnswer([property: JsonPropertyName("resource")] ResourceView Resource, [property: JsonPropertyName("previousReplicas")] int PreviousReplicas);

    private sealed record ScaleRequest([property: JsonPropertyName("replicas")] int? Replicas);
}
