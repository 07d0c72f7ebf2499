using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Remediation;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// POSTs a signed JSON body to the executor's URL, with a per-attempt timeout, and retries only for actions the
/// operator declared idempotent (a restart delivered twice is two restarts).
/// </summary>
internal sealed partial class WebhookExecutor(IHttpClientFactory http, IConfiguration configuration, TimeProvider time, ILogger<WebhookExecutor> logger)
{
    /// <summary>Name of the HttpClient used for webhooks and health probes.</summary>
    public const string HttpClientName = "remediation";

    private const int MaxBodyBytes = 16 * 1024;

    /// <summary>Configuration key of an executor's secret.</summary>
    public static string SecretKey(string executor) => $"Executors:{executor}:Secret";

    /// <summary>The JSON body for <paramref name="invocation"/> in <paramref name="phase"/>.</summary>
    public static string Body(RemediationInvocation invocation, ExecutorPhase phase, DateTimeOffset sentAt) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["execution_id"] = invocation.ExecutionId,
        ["phase"] = phase == ExecutorPhase.Inverse ? "inverse" : "execute",
        ["action"] = invocation.Action.ToWireName(),
        ["targets"] = invocation.Targets,
        ["parameters"] = invocation.Parameters,
        ["requester"] = invocation.Requester,
        ["approvers"] = invocation.Approvers,
        ["approval_id"] = invocation.ApprovalId,
        ["justification"] = invocation.Justification,
        ["sent_at"] = sentAt.ToString("O", CultureInfo.InvariantCulture),
    });

    /// <summary>Delivers one call. Never throws for delivery failures: they come back as a failed step.</summary>
    public async Task<StepReport> SendAsync(string executor, WebhookExecutorDefinition webhook, RemediationInvocation invocation, ExecutorPhase phase, CancellationToken cancellationToken)
    {
        var invocationText = (IReadOnlyList<string>)["POST", webhook.Url];
        var started = time.GetTimestamp();
        if (configuration[SecretKey(executor)] is not { Length: > 0 } secret)
        {
            return new StepReport("webhook", invocationText, false,
                Error: $"no secret configured at {SecretKey(executor)} (environment Executors__{executor}__Secret); an unsigned call is never sent");
        }

        var retries = webhook.IdempotentActions.Contains(invocation.Action) ? webhook.Retries : 0;
        var pipeline = new ResiliencePipelineBuilder<StepReport> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<StepReport>
            {
                MaxRetryAttempts = Math.Max(1, retries),
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = args => ValueTask.FromResult(retries > 0 && args.Outcome.Result is { Succeeded: false, StatusCode: null or >= 500 or 429 }),
            })
            .Build();
        var attempts = 0;
        var report = await pipeline.ExecuteAsync(async ct =>
        {
            attempts++;
            return await AttemptAsync(webhook, invocation, phase, secret, invocationText, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        LogWebhookSent(logger, executor, report.StatusCode ?? 0, attempts);
        return report with { Attempts = attempts, DurationMs = (long)time.GetElapsedTime(started).TotalMilliseconds };
    }

    private async Task<StepReport> AttemptAsync(
        WebhookExecutorDefinition webhook, RemediationInvocation invocation, ExecutorPhase phase, string secret, IReadOnlyList<string> invocationText, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var body = Body(invocation, phase, now);
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(secret, timestamp, body));
        request.Headers.Add(WebhookSignature.ExecutionIdHeader, invocation.ExecutionId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(webhook.TimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            var (text, truncated) = await BoundedOutput.ReadAsync(stream, MaxBodyBytes, linked.Token).ConfigureAwait(false);
            return new StepReport("webhook", invocationText, response.IsSuccessStatusCode, StatusCode: (int)response.StatusCode, Output: text,
                Error: response.IsSuccessStatusCode ? "" : $"the receiver answered {(int)response.StatusCode}", OutputTruncated: truncated);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new StepReport("webhook", invocationText, false, Error: $"no answer within {webhook.TimeoutSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            return new StepReport("webhook", invocationText, false, Error: $"delivery failed: {ex.Message}");
        }
    }

    [LoggerMessage(EventId = 5103, EventName = "RemediationWebhookSent", Level = LogLevel.Information,
        Message = "Remediation webhook {Executor} answered {StatusCode} after {Attempts} attempt(s)")]
    private static partial void LogWebhookSent(ILogger logger, string executor, int statusCode, int attempts);
}
