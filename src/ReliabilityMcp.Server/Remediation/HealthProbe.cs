using ReliabilityMcp.Core.Remediation;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>GETs a service's health URL and compares the status; the after-check retries a few times while the target settles.</summary>
internal sealed class HealthProbe(IHttpClientFactory http, TimeProvider time)
{
    /// <summary>Probes <paramref name="target"/>: once before, up to <see cref="HealthCheckDefinition.Attempts"/> times after.</summary>
    public async Task<HealthCheckReport> CheckAsync(string target, HealthCheckDefinition check, string phase, CancellationToken cancellationToken)
    {
        var attempts = phase == "after" ? check.Attempts : 1;
        var detail = "";
        int? status = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1 && check.IntervalSeconds > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(check.IntervalSeconds), time, cancellationToken).ConfigureAwait(false);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(check.TimeoutSeconds), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                using var response = await http.CreateClient(WebhookExecutor.HttpClientName).GetAsync(check.Url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (status == check.ExpectedStatus)
                {
                    return new HealthCheckReport(target, phase, true, check.Url, attempt, $"{target} answered {status} as expected", status);
                }

                detail = $"{target} answered {status}, expected {check.ExpectedStatus}";
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                status = null;
                detail = $"{target} did not answer within {check.TimeoutSeconds} s";
            }
            catch (HttpRequestException ex)
            {
                status = null;
                detail = $"{target} could not be reached: {ex.Message}";
            }
        }

        return new HealthCheckReport(target, phase, false, check.Url, attempts, detail, status);
    }
}
