using System.Diagnostics;
using System.Text;

namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>Runs a command to completion, capturing its output; kills the whole tree on timeout or cancellation.</summary>
internal static class ExternalProcess
{
    /// <summary>The outcome of a run.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>Both streams, for assertion messages.</summary>
        public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { lock (stdout) { stdout.AppendLine(line.Data); } } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { lock (stderr) { stderr.AppendLine(line.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        // WaitForExitAsync has drained the redirected streams once the process exited.
        lock (stdout)
        {
            lock (stderr)
            {
                return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }
}
