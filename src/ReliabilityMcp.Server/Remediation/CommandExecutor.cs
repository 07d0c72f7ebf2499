using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Core.Security;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// Runs an allow-listed executable with an argv list (<see cref="ProcessStartInfo.ArgumentList"/>: no shell ever sees
/// the arguments), a timeout that kills the whole process tree, and bounded stdout/stderr capture. The child's
/// environment holds only <see cref="ChildProcessEnvironment.DefaultNames"/> and <see cref="RemediationOptions.CommandEnvironment"/>:
/// its output (a dry run's too) goes back to the agent, so nothing of the server's own may be in reach.
/// </summary>
internal sealed partial class CommandExecutor(IOptions<RemediationOptions> options, TimeProvider time, ILogger<CommandExecutor> logger)
{

    /// <summary>The argv (executable first) for each target, from <paramref name="template"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Plan(CommandExecutorDefinition command, IReadOnlyList<string> template, RemediationInvocation invocation) =>
        [.. invocation.Targets.Select(target => (IReadOnlyList<string>)[command.Executable, .. ArgumentTemplate.Fill(template, invocation.PlaceholderValues(target))])];

    /// <summary>Runs one argv (executable first) for <paramref name="target"/>.</summary>
    public async Task<StepReport> RunAsync(IReadOnlyList<string> argv, string target, CommandExecutorDefinition command, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var info = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in argv.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        ChildProcessEnvironment.Restrict(info.Environment, options.Value.CommandEnvironment);

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new StepReport("command", argv, false, Target: target, Error: $"could not start {argv[0]}: {ex.Message}", DurationMs: Elapsed(started));
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(command.TimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var stdout = BoundedOutput.ReadAsync(process.StandardOutput.BaseStream, command.MaxOutputBytes, CancellationToken.None);
        var stderr = BoundedOutput.ReadAsync(process.StandardError.BaseStream, command.MaxOutputBytes, CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            var (partial, cut) = await stdout.ConfigureAwait(false);
            var reason = timeout.IsCancellationRequested ? $"timed out after {command.TimeoutSeconds} s and was killed" : "cancelled and killed";
            LogCommandKilled(logger, argv[0], target, reason);
            return new StepReport("command", argv, false, Target: target, ExitCode: process.ExitCode, Output: partial, Error: reason, OutputTruncated: cut, DurationMs: Elapsed(started));
        }

        var (output, truncated) = await stdout.ConfigureAwait(false);
        var (error, errorTruncated) = await stderr.ConfigureAwait(false);
        LogCommandRan(logger, argv[0], target, process.ExitCode);
        return new StepReport("command", argv, process.ExitCode == 0, Target: target, ExitCode: process.ExitCode, Output: output, Error: error,
            OutputTruncated: truncated || errorTruncated, DurationMs: Elapsed(started));
    }

    private long Elapsed(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(EventId = 5101, EventName = "RemediationCommandRan", Level = LogLevel.Information,
        Message = "Remediation command {Executable} for {Target} exited with {ExitCode}")]
    private static partial void LogCommandRan(ILogger logger, string executable, string target, int exitCode);

    [LoggerMessage(EventId = 5102, EventName = "RemediationCommandKilled", Level = LogLevel.Warning,
        Message = "Remediation command {Executable} for {Target} {Reason}")]
    private static partial void LogCommandKilled(ILogger logger, string executable, string target, string reason);
}
