using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ReliabilityMcp.Chaos.AspNetCore;

/// <summary>
/// Serves the control contract under <see cref="ChaosOptions.Prefix"/> and injects the faults in force into every
/// other request: latency first (all matching latency faults add up), then abort, error or corruption.
/// </summary>
internal sealed partial class ChaosMiddleware(
    RequestDelegate next, FaultRegistry registry, IOptions<ChaosOptions> options, TimeProvider time, ILogger<ChaosMiddleware> logger)
{
    /// <summary>Response header naming the fault(s) that touched a request, so effects can be attributed.</summary>
    public const string FaultHeader = "X-Chaos-Fault";

    private const int MaxBodyBytes = 16 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var prefix = options.Value.Prefix;
        var path = context.Request.Path;
        if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase, out var rest))
        {
            await ControlAsync(context, rest).ConfigureAwait(false);
            return;
        }

        var faults = registry.Current();
        if (faults.Length == 0)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var pathText = path.HasValue ? path.Value : "/";
        List<ActiveFault>? hit = null;
        foreach (var f in faults)
        {
            if (pathText.StartsWith(f.Spec.PathPrefix, StringComparison.OrdinalIgnoreCase) && Random.Shared.NextDouble() < f.Spec.Rate)
            {
                (hit ??= []).Add(f);
            }
        }

        if (hit is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.Headers[FaultHeader] = string.Join(',', hit.Select(f => f.Id));
        var delayMs = hit.Where(f => f.Spec.Type == FaultType.Latency)
            .Sum(f => f.Spec.LatencyMs + (f.Spec.JitterMs > 0 ? Random.Shared.Next(f.Spec.JitterMs + 1) : 0));
        if (delayMs > 0)
        {
            await DelayAtLeastAsync(TimeSpan.FromMilliseconds(delayMs), context.RequestAborted).ConfigureAwait(false);
        }

        if (hit.FirstOrDefault(f => f.Spec.Type == FaultType.Abort) is { } abort)
        {
            LogInjected(logger, abort.Id, "abort", pathText);
            context.Abort();
            return;
        }

        if (hit.FirstOrDefault(f => f.Spec.Type == FaultType.Error) is { } error)
        {
            LogInjected(logger, error.Id, "error", pathText);
            context.Response.StatusCode = error.Spec.StatusCode;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"chaos: injected fault {error.Id}\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (hit.FirstOrDefault(f => f.Spec.Type == FaultType.Corrupt) is { } corrupt)
        {
            LogInjected(logger, corrupt.Id, "corrupt", pathText);
            await CorruptAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits the whole injected latency: timers may fire a millisecond or two early, and a fault that
    /// promises 300 ms must never deliver 298.
    /// </summary>
    private async Task DelayAtLeastAsync(TimeSpan delay, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        for (var left = delay; left > TimeSpan.Zero; left = delay - time.GetElapsedTime(started))
        {
            await Task.Delay(left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left, time, ct).ConfigureAwait(false);
        }
    }

    private async Task CorruptAsync(HttpContext context)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
        }

        // Same length, every byte changed: parsers fail the way they would on a garbled payload, and a
        // Content-Length the endpoint set stays true.
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var span = bytes.Span;
        for (var i = 0; i < span.Length; i++)
        {
            span[i] ^= 0x5A;
        }

        await original.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ControlAsync(HttpContext context, PathString rest)
    {
        var configured = options.Value.Token;
        if (string.IsNullOrEmpty(configured))
        {
            // Not configured: the contract does not exist here.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!TokenMatches(context.Request.Headers[ChaosOptions.TokenHeader].ToString(), configured))
        {
            LogRejected(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            await ProblemAsync(context, StatusCodes.Status401Unauthorized, $"send the shared chaos token in the {ChaosOptions.TokenHeader} header.").ConfigureAwait(false);
            return;
        }

        var method = context.Request.Method;
        var id = rest.HasValue ? rest.Value!.Trim('/') : "";
        if (id.Length == 0 && HttpMethods.IsPost(method))
        {
            await AddAsync(context).ConfigureAwait(false);
        }
        else if (id.Length == 0 && HttpMethods.IsGet(method))
        {
            await context.Response.WriteAsJsonAsync(new FaultList(time.GetUtcNow(), registry.Active()), ChaosJson.Options, context.RequestAborted).ConfigureAwait(false);
        }
        else if (id.Length == 0 && HttpMethods.IsDelete(method))
        {
            var removed = registry.Clear();
            LogCleared(logger, removed);
            await context.Response.WriteAsJsonAsync(new { removed }, ChaosJson.Options, context.RequestAborted).ConfigureAwait(false);
        }
        else if (id.Length > 0 && HttpMethods.IsDelete(method))
        {
            var removed = registry.Remove(id);
            if (removed)
            {
                LogRemoved(logger, id);
            }

            context.Response.StatusCode = removed ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound;
        }
        else
        {
            context.Response.Headers.Allow = id.Length == 0 ? "GET, POST, DELETE" : "DELETE";
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        }
    }

    private async Task AddAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"a fault is at most {MaxBodyBytes} bytes of JSON.").ConfigureAwait(false);
            return;
        }

        FaultSpec? spec;
        try
        {
            // Read at most one byte past the limit: a body without Content-Length is never buffered whole.
            var buffer = new byte[MaxBodyBytes + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = await context.Request.Body.ReadAsync(buffer.AsMemory(read), context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                read += n;
            }

            using var limited = new MemoryStream(buffer, 0, read, writable: false);
            if (read > MaxBodyBytes)
            {
                await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"a fault is at most {MaxBodyBytes} bytes of JSON.").ConfigureAwait(false);
                return;
            }

            limited.Position = 0;
            spec = await JsonSerializer.DeserializeAsync<FaultSpec>(limited, ChaosJson.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest,
                $"not a valid fault ({ex.Path}: {ex.Message.Split(" Path:", 2)[0]}); send e.g. {{\"type\":\"latency\",\"latency_ms\":500,\"duration_seconds\":60}}.").ConfigureAwait(false);
            return;
        }

        if (spec is null)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "send a fault object, e.g. {\"type\":\"error\",\"status_code\":503,\"rate\":0.5,\"duration_seconds\":60}.").ConfigureAwait(false);
            return;
        }

        if (!registry.TryAdd(spec, out var fault, out var error))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        LogAdded(logger, fault.Id, spec.Type.ToString(), spec.PathPrefix, spec.Rate, spec.DurationSeconds!.Value);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = $"{context.Request.PathBase}{options.Value.Prefix}/{fault.Id}";
        await context.Response.WriteAsJsonAsync(fault, ChaosJson.Options, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task ProblemAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { status, detail }, ChaosJson.Options, "application/problem+json", context.RequestAborted);
    }

    /// <summary>Compares hashes so the time taken says nothing about the token's length or prefix.</summary>
    internal static bool TokenMatches(string presented, string configured) =>
        presented.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    [LoggerMessage(EventId = 7001, EventName = "ChaosFaultAdded", Level = LogLevel.Warning,
        Message = "Chaos fault {FaultId} added: {Type} on {PathPrefix} at rate {Rate} for {DurationSeconds} s")]
    private static partial void LogAdded(ILogger logger, string faultId, string type, string pathPrefix, double rate, int durationSeconds);

    [LoggerMessage(EventId = 7002, EventName = "ChaosFaultRemoved", Level = LogLevel.Information, Message = "Chaos fault {FaultId} removed")]
    private static partial void LogRemoved(ILogger logger, string faultId);

    [LoggerMessage(EventId = 7003, EventName = "ChaosFaultsCleared", Level = LogLevel.Information, Message = "Chaos faults cleared ({Count} removed)")]
    private static partial void LogCleared(ILogger logger, int count);

    [LoggerMessage(EventId = 7004, EventName = "ChaosFaultInjected", Level = LogLevel.Debug, Message = "Chaos fault {FaultId} injected ({Type}) into {Path}")]
    private static partial void LogInjected(ILogger logger, string faultId, string type, string path);

    [LoggerMessage(EventId = 7005, EventName = "ChaosControlRejected", Level = LogLevel.Warning, Message = "Chaos control request from {Remote} rejected: missing or wrong token")]
    private static partial void LogRejected(ILogger logger, string remote);
}
