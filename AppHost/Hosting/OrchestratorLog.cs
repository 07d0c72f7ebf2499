using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>Lifecycle events of resources, as the orchestrator sees them.</summary>
internal static partial class OrchestratorLog
{
    [LoggerMessage(EventId = 1000, EventName = "ResourceStarting", Level = LogLevel.Information,
        Message = "{Resource} is starting")]
    public static partial void Starting(ILogger logger, string resource);

    [LoggerMessage(EventId = 1001, EventName = "ResourceRunning", Level = LogLevel.Information,
        Message = "{Resource} is healthy ({Instance})")]
    public static partial void Running(ILogger logger, string resource, string instance);

    [LoggerMessage(EventId = 1002, EventName = "ResourceExited", Level = LogLevel.Warning,
        Message = "{Resource} exited unexpectedly (exit code {ExitCode}); restarting in {DelaySeconds:0.#} s")]
    public static partial void ExitedUnexpectedly(ILogger logger, string resource, string exitCode, double delaySeconds);

    [LoggerMessage(EventId = 1003, EventName = "ResourceStartFailed", Level = LogLevel.Warning,
        Message = "{Resource} failed to start ({Reason}); attempt {Attempt} of {MaxAttempts}, retrying in {DelaySeconds:0.#} s")]
    public static partial void StartFailed(ILogger logger, string resource, string reason, int attempt, int maxAttempts, double delaySeconds);

    [LoggerMessage(EventId = 1004, EventName = "ResourceUnhealthy", Level = LogLevel.Warning,
        Message = "{Resource} is running but unhealthy")]
    public static partial void Unhealthy(ILogger logger, string resource);

    [LoggerMessage(EventId = 1005, EventName = "ResourceHealthyAgain", Level = LogLevel.Information,
        Message = "{Resource} is healthy again")]
    public static partial void HealthyAgain(ILogger logger, string resource);

    [LoggerMessage(EventId = 1006, EventName = "ResourceStopping", Level = LogLevel.Information,
        Message = "Stopping {Resource}")]
    public static partial void Stopping(ILogger logger, string resource);

    [LoggerMessage(EventId = 1007, EventName = "ResourceStopped", Level = LogLevel.Information,
        Message = "{Resource} stopped")]
    public static partial void Stopped(ILogger logger, string resource);

    [LoggerMessage(EventId = 1008, EventName = "ResourceFailed", Level = LogLevel.Critical,
        Message = "{Resource} could not be started: {Reason}. Stopping the application")]
    public static partial void Failed(ILogger logger, string resource, string reason);

    [LoggerMessage(EventId = 1009, EventName = "ResourceStopFailed", Level = LogLevel.Error,
        Message = "Stopping {Resource} failed")]
    public static partial void StopFailed(ILogger logger, string resource, Exception exception);

    [LoggerMessage(EventId = 1010, EventName = "ResourceWaiting", Level = LogLevel.Information,
        Message = "{Resource} is waiting for {Dependencies}")]
    public static partial void Waiting(ILogger logger, string resource, string dependencies);

    [LoggerMessage(EventId = 1011, EventName = "ResourceControlRequested", Level = LogLevel.Information,
        Message = "{Resource}: {Operation} requested through the control API")]
    public static partial void ControlRequested(ILogger logger, string resource, string operation);

    [LoggerMessage(EventId = 1012, EventName = "ResourceScaled", Level = LogLevel.Information,
        Message = "{Resource} scaled from {Previous} to {Replicas} replica(s)")]
    public static partial void Scaled(ILogger logger, string resource, int previous, int replicas);
}
