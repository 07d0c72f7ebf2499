using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Chaos;

namespace ReliabilityMcp.Server.Chaos;

/// <summary>Speaks the chaos middleware's HTTP contract (docs/chaos.md) and takes HTTP probes.</summary>
public sealed class ChaosControlClient(IHttpClientFactory httpClients, ChaosTokenProvider tokens, IOptions<ChaosRunnerOptions> options)
{
    /// <summary>Name of the HTTP client.</summary>
    public const string HttpClientName = "chaos";

    private const string TokenHeader = "X-Chaos-Token";

    /// <summary>Adds <paramref name="fault"/> to <paramref name="service"/> for <paramref name="duration"/>; returns the target's id and expiry.</summary>
    /// <exception cref="ChaosTargetException">The target refused or could not be reached.</exception>
    public async Task<(string Id, DateTimeOffset ExpiresAt)> AddFaultAsync(
        string service, ChaosTargetEndpoint endpoint, ChaosFault fault, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(fault);
        var body = new JsonObject
        {
            ["type"] = ChaosScoring.TypeName(fault.Type),
            ["path_prefix"] = fault.PathPrefix,
            ["rate"] = fault.Rate,
            ["duration_seconds"] = (int)Math.Ceiling(duration.TotalSeconds),
        };
        if (fault.Type == ChaosFaultType.Latency)
        {
            body["latency_ms"] = fault.LatencyMs;
            body["jitter_ms"] = fault.JitterMs;
        }
        else if (fault.Type == ChaosFaultType.Error)
        {
            body["status_code"] = fault.StatusCode;
        }

        using var request = Request(HttpMethod.Post, service, endpoint, "");
        request.Content = JsonContent.Create(body);
        using var response = await SendAsync(request, service, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ChaosTargetException($"{service} refused the fault: HTTP {(int)response.StatusCode} {await DetailAsync(response, cancellationToken).ConfigureAwait(false)}");
        }

        var added = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        return (added.GetProperty("id").GetString()!, added.GetProperty("expires_at").GetDateTimeOffset());
    }

    /// <summary>Removes one fault; a fault already gone (expired) counts as removed.</summary>
    public async Task RemoveFaultAsync(string service, ChaosTargetEndpoint endpoint, string faultId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var request = Request(HttpMethod.Delete, service, endpoint, "/" + Uri.EscapeDataString(faultId));
        using var response = await SendAsync(request, service, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            throw new ChaosTargetException($"{service} did not remove fault {faultId}: HTTP {(int)response.StatusCode}");
        }
    }

    /// <summary>Takes one HTTP probe: GET, success when the status is expected and the answer came within the threshold.</summary>
    public async Task<(bool Success, int? Status, double LatencyMs, string? Error)> ProbeAsync(Uri url, ChaosProbe probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var client = httpClients.CreateClient(HttpClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(probe.LatencyThresholdMs + options.Value.RequestTimeoutMilliseconds));
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var status = (int)response.StatusCode;
            var ok = status == probe.ExpectedStatus && ms <= probe.LatencyThresholdMs;
            return (ok, status, ms, ok ? null : status != probe.ExpectedStatus ? $"HTTP {status}, expected {probe.ExpectedStatus}" : $"{ms:0} ms over the {probe.LatencyThresholdMs} ms threshold");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return (false, null, ms, ex is OperationCanceledException ? "no answer (timed out)" : $"no answer ({ex.Message})");
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string service, ChaosTargetEndpoint endpoint, string suffix)
    {
        var request = new HttpRequestMessage(method, new Uri(new Uri(endpoint.Url), endpoint.ControlPath + suffix));
        var token = tokens.TokenFor(service)
            ?? throw new ChaosTargetException($"no chaos token is configured for {service}: set Chaos:Targets:{service}:Token or Chaos:Token in the server's configuration (environment or user secrets)");
        request.Headers.Add(TokenHeader, token);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string service, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeoutMilliseconds);
        try
        {
            return await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ChaosTargetException($"{service}'s chaos endpoint is unreachable ({(ex is OperationCanceledException ? "timed out" : ex.Message)})", ex);
        }
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            return problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
