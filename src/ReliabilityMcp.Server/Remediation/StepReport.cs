namespace ReliabilityMcp.Server.Remediation;

/// <summary>One executor call: a command run for one target, one webhook delivery, or one AppHost control API call for one target.</summary>
/// <param name="Kind"><c>command</c>, <c>webhook</c> or <c>process</c>.</param>
/// <param name="Target">The target service (commands and processes run once per target), or null for a webhook.</param>
/// <param name="Invocation">What was run: the argv (executable first), <c>POST url</c>, or <c>POST url/resources/target/operation</c>.</param>
/// <param name="Succeeded">Exit code 0 / a 2xx answer.</param>
/// <param name="ExitCode">The command's exit code.</param>
/// <param name="StatusCode">The webhook's or control API's HTTP status.</param>
/// <param name="Output">Standard output or the response body, bounded; for a process, JSON with the pid before and after.</param>
/// <param name="Error">Standard error, or why it failed.</param>
/// <param name="OutputTruncated">Whether output was cut at the configured bound.</param>
/// <param name="Attempts">Attempts made (retries only for idempotent webhook actions).</param>
/// <param name="DurationMs">Wall time.</param>
public sealed record StepReport(
    string Kind,
    IReadOnlyList<string> Invocation,
    bool Succeeded,
    string? Target = null,
    int? ExitCode = null,
    int? StatusCode = null,
    string Output = "",
    string Error = "",
    bool OutputTruncated = false,
    int Attempts = 1,
    long DurationMs = 0);
