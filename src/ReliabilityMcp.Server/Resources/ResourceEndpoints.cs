using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Server.Remediation;

namespace ReliabilityMcp.Server.Resources;

/// <summary>
/// <c>GET /api/resources</c> on the operator API: every service's live health probe and, when a <c>process</c>
/// executor is configured, what the AppHost reports about every resource it manages. Read-only: changes go through
/// execute_remediation and approvals.
/// </summary>
public static class ResourceEndpoints
{
    // A console refreshes this every few seconds: a hanging service or AppHost must not hold the page.
    private static readonly TimeSpan ProbeTimeoutCap = TimeSpan.FromSeconds(3);

    /// <summary>Maps <c>GET /resources</c> on the operator group.</summary>
    public static RouteGroupBuilder MapResourceEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/resources", GetAsync);
        return api;
    }

    private static async Task<Ok<ResourceOverview>> GetAsync(
        IReliabilityConfigurationSource configuration, HealthProbe health, ProcessControlClient control, TimeProvider time, CancellationToken cancellationToken)
    {
        var config = configuration.Current;
        var checkedAt = time.GetUtcNow();
        var probes = Task.WhenAll(config.Services
            .Where(s => s.Value?.HealthCheck is not null)
            .Select(s => ProbeAsync(health, time, s.Key, s.Value.HealthCheck!, cancellationToken)));
        var processes = ReadControlPlaneAsync(config.Executors, control, cancellationToken);
        var probed = (await probes.ConfigureAwait(false)).ToDictionary(p => p.Name, p => p.Probe, StringComparer.Ordinal);
        var (views, status) = await processes.ConfigureAwait(false);

        var byName = views.GroupBy(v => v.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var resources = new List<ResourceStatus>();
        foreach (var name in config.Services.Keys)
        {
            resources.Add(new ResourceStatus(name, true, probed.GetValueOrDefault(name), byName.GetValueOrDefault(name)));
        }

        resources.AddRange(views.Where(v => !config.Services.ContainsKey(v.Name)).DistinctBy(v => v.Name).Select(v => new ResourceStatus(v.Name, false, null, v)));
        return TypedResults.Ok(new ResourceOverview(checkedAt, resources, status));
    }

    private static async Task<(string Name, ResourceProbe Probe)> ProbeAsync(
        HealthProbe health, TimeProvider time, string name, HealthCheckDefinition check, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var quick = check with { TimeoutSeconds = (int)Math.Min(check.TimeoutSeconds, ProbeTimeoutCap.TotalSeconds) };
        var report = await health.CheckAsync(name, quick, "before", cancellationToken).ConfigureAwait(false);
        return (name, new ResourceProbe(check.Url, report.Healthy, report.StatusCode, (long)time.GetElapsedTime(started).TotalMilliseconds, report.Detail));
    }

    private static async Task<(IReadOnlyList<ProcessResourceView> Views, ControlPlaneStatus? Status)> ReadControlPlaneAsync(
        IReadOnlyDictionary<string, ExecutorDefinition> executors, ProcessControlClient control, CancellationToken cancellationToken)
    {
        var (name, process) = executors.Where(e => e.Value?.Process is not null).Select(e => (e.Key, e.Value.Process!)).FirstOrDefault();
        if (process is null)
        {
            return ([], null);
        }

        if (control.TokenFor(name) is not { } token)
        {
            return ([], new ControlPlaneStatus(process.Url, name, false, ProcessControlClient.MissingToken(name)));
        }

        var answer = await control.SendAsync(HttpMethod.Get, ProcessControlClient.ResourceUrl(process.Url), token, null, ProbeTimeoutCap, cancellationToken).ConfigureAwait(false);
        if (answer.Failure is { } failure)
        {
            return ([], new ControlPlaneStatus(process.Url, name, false, failure));
        }

        if (!answer.Succeeded)
        {
            return ([], new ControlPlaneStatus(process.Url, name, true, $"the AppHost answered {answer.StatusCode}: {answer.Problem}"));
        }

        if (answer.Body is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("resources", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return ([], new ControlPlaneStatus(process.Url, name, true, "the AppHost's answer has no resources list"));
        }

        return ([.. list.EnumerateArray().Select(e => ProcessExecutor.Resource(e)).OfType<ProcessResourceView>()], new ControlPlaneStatus(process.Url, name, true));
    }
}
