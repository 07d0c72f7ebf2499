namespace ReliabilityMcp.Core.Remediation;

/// <summary>
/// One named executor in the <c>executors:</c> section. Exactly one of <see cref="Webhook"/>, <see cref="Command"/> and
/// <see cref="Process"/> is set; actions name it through <see cref="Actions.ActionDefinition.Executor"/>.
/// </summary>
public sealed record ExecutorDefinition
{
    /// <summary>POST a signed JSON body to an HTTP endpoint.</summary>
    public WebhookExecutorDefinition? Webhook { get; init; }

    /// <summary>Run an allow-listed executable with an argv template (never a shell).</summary>
    public CommandExecutorDefinition? Command { get; init; }

    /// <summary>Restart, stop, start or scale a process the AppHost manages, through its control API.</summary>
    public ProcessExecutorDefinition? Process { get; init; }
}
