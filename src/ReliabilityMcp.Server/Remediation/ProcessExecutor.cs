using System.Globalization;
using System.Text.Json;
using ReliabilityMcp.Core.Remediation;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// Restarts, stops, starts or scales a process the AppHost manages: one <c>POST {url}/resources/{target}/{operation}</c>
/// per target, exactly once (a restart delivered twice is two restarts), with the pid before and after in the step's
/// output. Dry runs only read <c>GET {url}/resources/{target}</c>.
/// </summary>
internal sealed partial class ProcessExecutor(ProcessControlClient control, TimeProvider time, ILogger<ProcessExecutor> logger)
{
    /// <summary>Step kind.</summary>
    public const string Kind = "process";

    // The pid before a stop, start or scale comes from a read first; it must not eat the operation's own time.
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The operation's wire name.</summary>
    public static string WireName(ProcessOperation operation) => operation switch
    {
        ProcessOperation.Stop => "stop",
        ProcessOperation.Start => "start",
        ProcessOperation.Scale => "scale",
        _ => "restart",
    };

    /// <summary>The operation that undoes <paramref name="operation"/>: stop and start undo each other; restart and scale have none.</summary>
    public static ProcessOperation? InverseOf(ProcessOperation operation) => operation switch
    {
        ProcessOperation.Stop => ProcessOperation.Start,
        ProcessOperation.Start => ProcessOperation.Stop,
        _ => null,
    };

    /// <summary>
    /// The replica count for <paramref name="target"/> (scale only, else null), from the number or the
    /// <c>{param.NAME}</c> template; throws <see cref="ArgumentException"/> when the parameter is missing or not a whole number.
    /// </summary>
    public static int? ReplicasFor(ProcessExecutorDefinition process, ProcessOperation operation, RemediationInvocation invocation, string target)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(invocation);
        if (operation != ProcessOperation.Scale)
        {
            return null;
        }

        var text = ArgumentTemplate.Fill([process.Replicas ?? ""], invocation.PlaceholderValues(target))[0];
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var replicas) && replicas >= 1
            ? replicas
            : throw new ArgumentException($"the replica count must be a whole number of at least 1, not '{text}' (send it as parameters.{ParameterName(process.Replicas)}).");
    }

    /// <summary>What is sent for one target: <c>POST url</c>, plus <c>replicas=N</c> for a scale.</summary>
    public static IReadOnlyList<string> Invocation(ProcessExecutorDefinition process, ProcessOperation operation, string target, int? replicas)
    {
        ArgumentNullException.ThrowIfNull(process);
        var url = ProcessControlClient.ResourceUrl(process.Url, target, WireName(operation));
        return replicas is { } n ? ["POST", url, $"replicas={n.ToString(CultureInfo.InvariantCulture)}"] : ["POST", url];
    }

    /// <summary>What a dry run reads for one target.</summary>
    public static IReadOnlyList<string> DryRunInvocation(ProcessExecutorDefinition process, string target)
    {
        ArgumentNullException.ThrowIfNull(process);
        return ["GET", ProcessControlClient.ResourceUrl(process.Url, target)];
    }

    /// <summary>Asks the AppHost to apply <paramref name="operation"/> to <paramref name="target"/>, once. Never throws for delivery failures.</summary>
    public async Task<StepReport> RunAsync(
        string executor, ProcessExecutorDefinition process, ProcessOperation operation, string target, int? replicas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        var invocation = Invocation(process, operation, target, replicas);
        var started = time.GetTimestamp();
        if (control.TokenFor(executor) is not { } token)
        {
            return new StepReport(Kind, invocation, false, Target: target, Error: ProcessControlClient.MissingToken(executor));
        }

        // A restart reports the previous pid itself; for the others the pid (and replicas) before come from a read.
        ProcessResourceView? before = null;
        if (operation != ProcessOperation.Restart)
        {
            var read = await control.SendAsync(HttpMethod.Get, ProcessControlClient.ResourceUrl(process.Url, target), token, null,
                TimeSpan.FromSeconds(Math.Min(process.TimeoutSeconds, ReadTimeout.TotalSeconds)), cancellationToken).ConfigureAwait(false);
            before = read.Succeeded ? Resource(read.Body) : null;
        }

        var answer = await control.SendAsync(HttpMethod.Post, invocation[1], token, replicas is { } n ? new { replicas = n } : null,
            TimeSpan.FromSeconds(process.TimeoutSeconds), cancellationToken).ConfigureAwait(false);
        var duration = (long)time.GetElapsedTime(started).TotalMilliseconds;
        var name = WireName(operation);
        if (answer.Failure is { } failure)
        {
            LogProcessUnanswered(logger, executor, name, target, failure);
            var maybe = answer.Failure.StartsWith("no answer", StringComparison.Ordinal) ? $"; the AppHost may still finish the {name}" : "";
            return new StepReport(Kind, invocation, false, Target: target, Error: $"{name} {target}: {failure}{maybe}", DurationMs: duration);
        }

        LogProcessAnswered(logger, executor, name, target, answer.StatusCode!.Value);
        if (!answer.Succeeded)
        {
            return new StepReport(Kind, invocation, false, Target: target, StatusCode: answer.StatusCode, Output: answer.Text,
                Error: $"the AppHost answered {answer.StatusCode} to {name} {target}: {answer.Problem}", DurationMs: duration);
        }

        var after = answer.Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("resource", out var resource) ? Resource(resource) : null;
        var output = new Dictionary<string, object?>
        {
            ["operation"] = name,
            ["resource"] = target,
            ["pidBefore"] = Number(answer.Body, "previousPid") ?? before?.Pid,
            ["pidAfter"] = after?.Pid,
            ["state"] = after?.State,
            ["healthy"] = after?.Healthy,
            ["restarts"] = after?.Restarts,
            ["replicasBefore"] = Number(answer.Body, "previousReplicas") ?? before?.Replicas,
            ["replicasAfter"] = after?.Replicas,
        };
        return new StepReport(Kind, invocation, true, Target: target, StatusCode: answer.StatusCode,
            Output: JsonSerializer.Serialize(output, ProcessControlClient.Json), DurationMs: duration);
    }

    /// <summary>
    /// Reads <paramref name="target"/> from the AppHost: whether it is managed there and whether <paramref name="operation"/>
    /// would be accepted. A target the AppHost does not know, or one it would refuse, is a failed step saying why.
    /// </summary>
    public async Task<StepReport> DryRunAsync(
        string executor, ProcessExecutorDefinition process, ProcessOperation operation, string target, int? replicas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        var invocation = DryRunInvocation(process, target);
        if (control.TokenFor(executor) is not { } token)
        {
            return new StepReport(Kind, invocation, false, Target: target, Error: ProcessControlClient.MissingToken(executor));
        }

        var started = time.GetTimestamp();
        var answer = await control.SendAsync(HttpMethod.Get, invocation[1], token, null,
            TimeSpan.FromSeconds(Math.Min(process.TimeoutSeconds, ReadTimeout.TotalSeconds)), cancellationToken).ConfigureAwait(false);
        var duration = (long)time.GetElapsedTime(started).TotalMilliseconds;
        var name = WireName(operation);
        if (answer.Failure is { } failure)
        {
            return new StepReport(Kind, invocation, false, Target: target, Error: $"{name} {target} cannot be checked: {failure}", DurationMs: duration);
        }

        if (answer.StatusCode == 404)
        {
            return new StepReport(Kind, invocation, false, Target: target, StatusCode: 404, Output: """{"managed":false}""",
                Error: $"the AppHost at {process.Url} does not manage '{target}', so {name} would fail (404): {answer.Problem}", DurationMs: duration);
        }

        if (!answer.Succeeded || Resource(answer.Body) is not { } view)
        {
            return new StepReport(Kind, invocation, false, Target: target, StatusCode: answer.StatusCode, Output: answer.Text,
                Error: $"the AppHost answered {answer.StatusCode} when asked about '{target}': {answer.Problem}", DurationMs: duration);
        }

        var refusal = !view.Controllable
            ? $"'{target}' is managed by the AppHost but not controllable, so {name} would be refused (409)"
            : operation == ProcessOperation.Scale && !view.Scalable
                ? $"'{target}' is managed by the AppHost but not scalable (a service on a fixed port cannot run twice), so scale would be refused (409)"
                : operation == ProcessOperation.Scale && replicas is { } n && (n < 1 || n > view.MaxReplicas)
                    ? $"{n} replicas is out of range for '{target}' (1 to {view.MaxReplicas}), so scale would be refused (400)"
                    : null;
        var output = new Dictionary<string, object?>
        {
            ["managed"] = true,
            ["controllable"] = view.Controllable,
            ["scalable"] = view.Scalable,
            ["state"] = view.State,
            ["pid"] = view.Pid,
            ["healthy"] = view.Healthy,
            ["replicas"] = view.Replicas,
            ["maxReplicas"] = view.MaxReplicas,
            ["wouldSend"] = string.Join(' ', Invocation(process, operation, target, replicas)),
        };
        return new StepReport(Kind, invocation, refusal is null, Target: target, StatusCode: answer.StatusCode,
            Output: JsonSerializer.Serialize(output, ProcessControlClient.Json), Error: refusal ?? "", DurationMs: duration);
    }

    /// <summary>A resource view from a JSON object, or null when it is not one.</summary>
    public static ProcessResourceView? Resource(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        try
        {
            return value.Deserialize<ProcessResourceView>(ProcessControlClient.Json) is { Name.Length: > 0 } view ? view : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int? Number(JsonElement? body, string name) =>
        body is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetInt32(out var n) ? n : null;

    private static string ParameterName(string? template) =>
        template is not null && template.StartsWith("{param.", StringComparison.Ordinal) ? template["{param.".Length..^1] : "replicas";

    [LoggerMessage(EventId = 5106, EventName = "RemediationProcessAnswered", Level = LogLevel.Information,
        Message = "Process executor {Executor}: {Operation} {Target} answered {StatusCode}")]
    private static partial void LogProcessAnswered(ILogger logger, string executor, string operation, string target, int statusCode);

    [LoggerMessage(EventId = 5107, EventName = "RemediationProcessUnanswered", Level = LogLevel.Warning,
        Message = "Process executor {Executor}: {Operation} {Target} got no answer: {Failure}")]
    private static partial void LogProcessUnanswered(ILogger logger, string executor, string operation, string target, string failure);
}
