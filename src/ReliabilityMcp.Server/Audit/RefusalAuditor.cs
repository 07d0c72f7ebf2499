using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Audit;

/// <summary>
/// Audits refused calls (issue 17): tool calls refused for their arguments (unknown or missing names, values the tool
/// rejects, arguments that do not bind), and HTTP requests refused with 401 or 403. Each entry has the decision
/// <c>refused</c>, the principal (or <c>unauthenticated@address</c>), the tool or request, and the reason; inputs only
/// as a digest. A per-caller token bucket (<see cref="RefusalAuditOptions"/>) keeps a flood from filling the store:
/// refusals beyond it are counted, and the next one admitted is preceded by a <c>refused_unaudited</c> entry saying how
/// many were left out since when. A failed append is logged; the refusal stands either way.
/// </summary>
public sealed partial class RefusalAuditor(IAuditTrail audit, IOptions<RefusalAuditOptions> options, TimeProvider time, ILogger<RefusalAuditor> logger)
{
    /// <summary>Decision of an audited refusal.</summary>
    public const string Refused = "refused";

    /// <summary>Decision of the entry that counts refusals left out by the rate limit.</summary>
    public const string RefusedUnaudited = "refused_unaudited";

    private const string OverflowKey = "\0overflow";

    private static readonly JsonTypeInfo ArgumentsTypeInfo = McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, JsonElement>));

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Audits a tools/call refused for its arguments.</summary>
    public Task RecordToolCallAsync(ClaimsPrincipal? user, string tool, IDictionary<string, JsonElement>? arguments, string reason, CancellationToken cancellationToken)
    {
        var principal = PrincipalClaims.FromClaimsPrincipal(user)?.Name ?? "unauthenticated";
        var inputs = arguments is null ? "" : JsonSerializer.Serialize(arguments, ArgumentsTypeInfo);
        return RecordAsync(principal, principal, Truncate(tool, 100), inputs, reason, cancellationToken);
    }

    /// <summary>Audits an HTTP request refused with <paramref name="statusCode"/> (401 or 403) before any tool ran.</summary>
    public Task RecordHttpAsync(HttpContext context, int statusCode, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var principal = PrincipalClaims.FromClaimsPrincipal(context.User)?.Name;
        var request = $"{context.Request.Method} {context.Request.PathBase}{context.Request.Path}";
        return RecordAsync(principal ?? $"unauthenticated@{address}", principal ?? address, request, request,
            $"{statusCode.ToString(CultureInfo.InvariantCulture)}: {reason}", CancellationToken.None);
    }

    private async Task RecordAsync(string principal, string caller, string tool, string inputs, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!TryAdmit(caller, out var unaudited, out var since))
        {
            return;
        }

        try
        {
            if (unaudited > 0)
            {
                var settings = options.Value;
                await audit.AppendAsync(new AuditRecord(now, principal, tool, RefusedUnaudited, AuditChain.Digest(""),
                    $"{unaudited} refused call(s) by {principal} since {since:O} were not audited one by one (limit: {settings.Burst} at once, then {settings.PerMinute} a minute)"),
                    CancellationToken.None).ConfigureAwait(false);
            }

            await audit.AppendAsync(new AuditRecord(now, principal, tool, Refused, AuditChain.Digest(inputs), Truncate(reason, 500)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAuditFailed(logger, principal, tool, ex.Message);
        }
    }

    /// <summary>Takes a token from <paramref name="caller"/>'s bucket; on success, also the count of refusals dropped before it.</summary>
    private bool TryAdmit(string caller, out long unaudited, out DateTimeOffset since)
    {
        var settings = options.Value;
        var key = _buckets.ContainsKey(caller) || _buckets.Count < settings.MaxTrackedCallers ? caller : OverflowKey;
        var now = time.GetUtcNow();
        var bucket = _buckets.GetOrAdd(key, static (_, state) => new Bucket(state.Burst, state.now), (settings.Burst, now));
        lock (bucket)
        {
            var elapsed = now - bucket.Stamp;
            if (elapsed > TimeSpan.Zero)
            {
                bucket.Tokens = Math.Min(settings.Burst, bucket.Tokens + (elapsed.TotalMinutes * settings.PerMinute));
                bucket.Stamp = now;
            }

            if (bucket.Tokens < 1)
            {
                if (bucket.Dropped++ == 0)
                {
                    bucket.FirstDropped = now;
                }

                unaudited = 0;
                since = default;
                return false;
            }

            bucket.Tokens -= 1;
            unaudited = bucket.Dropped;
            since = bucket.FirstDropped;
            bucket.Dropped = 0;
            return true;
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    [LoggerMessage(EventId = 2103, EventName = "RefusalAuditFailed", Level = LogLevel.Warning,
        Message = "Could not audit a refused call of {Tool} by {Principal}: {Reason}")]
    private static partial void LogAuditFailed(ILogger logger, string principal, string tool, string reason);

    private sealed class Bucket(double tokens, DateTimeOffset stamp)
    {
        public double Tokens { get; set; } = tokens;

        public DateTimeOffset Stamp { get; set; } = stamp;

        public long Dropped { get; set; }

        public DateTimeOffset FirstDropped { get; set; }
    }
}
