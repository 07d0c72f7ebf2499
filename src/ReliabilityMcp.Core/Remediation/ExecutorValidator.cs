using System.Globalization;
using ReliabilityMcp.Core.Configuration;

namespace ReliabilityMcp.Core.Remediation;

/// <summary>Validates the <c>executors:</c> section, the actions' executor references and the services' health checks.</summary>
public static class ExecutorValidator
{
    /// <summary>Adds every problem found to <paramref name="errors"/>.</summary>
    public static void Validate(ReliabilityConfiguration config, List<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (name, executor) in config.Executors)
        {
            var path = $"executors.{name}";
            if (!ConfigurationValidator.ServiceNamePattern().IsMatch(name))
            {
                errors.Add(new(path, $"'{name}' is not a valid executor name; use lower-case letters, digits and '-' (e.g. ops-webhook)."));
            }

            if (executor is null || new object?[] { executor.Webhook, executor.Command, executor.Process }.Count(e => e is not null) != 1)
            {
                errors.Add(new(path, "give exactly one of webhook: { url: ... }, command: { executable: /abs/path, args: [...] } or process: { url: http://127.0.0.1:5190, operation: restart }."));
                continue;
            }

            if (executor.Webhook is { } webhook)
            {
                ValidateWebhook(webhook, $"{path}.webhook", errors);
            }

            if (executor.Command is { } command)
            {
                ValidateCommand(command, $"{path}.command", errors);
            }

            if (executor.Process is { } process)
            {
                ValidateProcess(process, $"{path}.process", errors);
            }
        }

        foreach (var (action, definition) in config.Actions)
        {
            if (definition?.Executor is { } executor && !config.Executors.ContainsKey(executor))
            {
                errors.Add(new($"actions.{action}.executor", $"'{executor}' is not defined under executors; add it there or remove the reference."));
            }
        }

        foreach (var (service, node) in config.Services)
        {
            if (node?.HealthCheck is { } check)
            {
                var path = $"services.{service}.health_check";
                if (!IsHttpUrl(check.Url))
                {
                    errors.Add(new($"{path}.url", $"'{check.Url}' is not an absolute http(s) URL."));
                }

                if (check.ExpectedStatus is < 100 or > 599)
                {
                    errors.Add(new($"{path}.expected_status", $"{check.ExpectedStatus} is not an HTTP status code (100-599)."));
                }

                Range(check.TimeoutSeconds, 1, 300, $"{path}.timeout_seconds", errors);
                Range(check.Attempts, 1, 20, $"{path}.attempts", errors);
                Range(check.IntervalSeconds, 0, 300, $"{path}.interval_seconds", errors);
            }
        }
    }

    private static void ValidateWebhook(WebhookExecutorDefinition webhook, string path, List<ConfigurationError> errors)
    {
        if (!IsHttpUrl(webhook.Url))
        {
            errors.Add(new($"{path}.url", $"'{webhook.Url}' is not an absolute http(s) URL."));
        }

        Range(webhook.TimeoutSeconds, 1, 300, $"{path}.timeout_seconds", errors);
        Range(webhook.Retries, 0, 10, $"{path}.retries", errors);
        ValidateBreaker(webhook.CircuitBreaker, $"{path}.circuit_breaker", errors);
    }

    private static void ValidateCommand(CommandExecutorDefinition command, string path, List<ConfigurationError> errors)
    {
        if (!Path.IsPathFullyQualified(command.Executable) || command.Executable.Contains('{', StringComparison.Ordinal))
        {
            errors.Add(new($"{path}.executable", $"'{command.Executable}' must be an absolute path without placeholders (e.g. /usr/bin/kubectl)."));
        }

        if (command.Args.Count == 0)
        {
            errors.Add(new($"{path}.args", "give the argument template as a list, e.g. [rollout, restart, 'deployment/{target}']."));
        }

        foreach (var (template, name) in new[] { (command.Args, "args"), (command.DryRunArgs, "dry_run_args"), (command.InverseArgs, "inverse_args") })
        {
            foreach (var placeholder in ArgumentTemplate.PlaceholdersOf(template))
            {
                if (!ArgumentTemplate.BuiltIns.Contains(placeholder) && !(placeholder.StartsWith("param.", StringComparison.Ordinal) && RemediationParameters.IsValidName(placeholder["param.".Length..])))
                {
                    errors.Add(new($"{path}.{name}", $"unknown placeholder {{{placeholder}}}; use {{target}}, {{action}}, {{execution_id}} or {{param.NAME}}."));
                }
            }
        }

        Range(command.TimeoutSeconds, 1, 3600, $"{path}.timeout_seconds", errors);
        Range(command.MaxOutputBytes, 256, 16 * 1024 * 1024, $"{path}.max_output_bytes", errors);
        ValidateBreaker(command.CircuitBreaker, $"{path}.circuit_breaker", errors);
    }

    private static void ValidateProcess(ProcessExecutorDefinition process, string path, List<ConfigurationError> errors)
    {
        if (!IsHttpUrl(process.Url))
        {
            errors.Add(new($"{path}.url", $"'{process.Url}' is not an absolute http(s) URL; give the AppHost control API's base, e.g. http://127.0.0.1:5190."));
        }

        var operation = process.Operation;
        if (operation == ProcessOperation.Scale)
        {
            if (string.IsNullOrWhiteSpace(process.Replicas))
            {
                errors.Add(new($"{path}.replicas", "operation: scale needs replicas: a whole number or a template such as \"{param.replicas}\"."));
            }
            else if (!IsReplicaCount(process.Replicas) && !IsSingleParameter(process.Replicas))
            {
                errors.Add(new($"{path}.replicas", $"'{process.Replicas}' is neither a whole number of at least 1 nor a single {{param.NAME}} placeholder (e.g. \"{{param.replicas}}\")."));
            }
        }
        else if (process.Replicas is not null)
        {
            errors.Add(new($"{path}.replicas", $"replicas is only used by operation: scale; remove it from this {operation.ToString().ToLowerInvariant()} executor."));
        }

        Range(process.TimeoutSeconds, 1, 3600, $"{path}.timeout_seconds", errors);
        ValidateBreaker(process.CircuitBreaker, $"{path}.circuit_breaker", errors);
    }

    private static bool IsReplicaCount(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1;

    private static bool IsSingleParameter(string text)
    {
        var placeholders = ArgumentTemplate.PlaceholdersOf([text]).ToList();
        return placeholders.Count == 1 && text == $"{{{placeholders[0]}}}"
            && placeholders[0].StartsWith("param.", StringComparison.Ordinal) && RemediationParameters.IsValidName(placeholders[0]["param.".Length..]);
    }

    private static void ValidateBreaker(CircuitBreakerDefinition breaker, string path, List<ConfigurationError> errors)
    {
        Range(breaker.FailureThreshold, 2, 100, $"{path}.failure_threshold", errors);
        Range(breaker.BreakSeconds, 1, 86_400, $"{path}.break_seconds", errors);
    }

    private static void Range(int value, int min, int max, string path, List<ConfigurationError> errors)
    {
        if (value < min || value > max)
        {
            errors.Add(new(path, $"{value} is out of range; use {min} to {max}."));
        }
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
