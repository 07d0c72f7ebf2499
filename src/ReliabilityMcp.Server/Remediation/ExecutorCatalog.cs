using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Remediation;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// Which executor runs an action, and why none can: the action names no executor, names one that is not defined, or a
/// command executor's program is not allow-listed on this host. The guard asks it for every request (so nothing that
/// cannot run is held for approval, and an approval whose executor went away is refused when re-checked); the runner
/// asks it before running. Chaos experiments run through the chaos runner and are not judged here.
/// </summary>
internal sealed class ExecutorCatalog(IReliabilityConfigurationSource configuration, IOptions<RemediationOptions> options) : IExecutorCatalog
{
    /// <summary>The chaos runner's name in a readiness answer.</summary>
    public const string ChaosRunner = "chaos-runner";

    /// <summary>The executor configured for <paramref name="action"/>, and why it cannot run if so.</summary>
    public (string? Name, ExecutorDefinition? Definition, string? Problem) Resolve(ActionType action)
    {
        var config = configuration.Current;
        var wire = action.ToWireName();
        if (config.ActionFor(action).Executor is not { } name)
        {
            return (null, null, $"no executor is configured for {wire}: name one under actions.{wire}.executor and define it under executors (docs/remediation.md)");
        }

        if (!config.Executors.TryGetValue(name, out var definition))
        {
            return (name, null, $"executor '{name}' named by actions.{wire}.executor is not defined under executors");
        }

        if (definition.Command is { } command && !options.Value.AllowedExecutables.Contains(command.Executable, StringComparer.Ordinal))
        {
            return (name, definition, $"{command.Executable} is not in the host's allow-list (Remediation:AllowedExecutables), so executor '{name}' may not run");
        }

        return (name, definition, null);
    }

    /// <inheritdoc />
    public ExecutorReadiness Check(GuardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Action == ActionType.ChaosExperiment)
        {
            return new ExecutorReadiness(ChaosRunner, null);
        }

        var (name, _, problem) = Resolve(request.Action);
        return new ExecutorReadiness(name, problem);
    }
}
