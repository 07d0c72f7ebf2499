using System.Diagnostics;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>
/// A resource that is a local process (a .NET service, an agent, a load generator): launched with its
/// environment, its stdout/stderr streamed line by line under its name, stopped with SIGTERM and then
/// killed.
/// </summary>
internal sealed class ProcessResource(string name, string fileName, ConsoleLog console) : Resource(name)
{
    private readonly Dictionary<string, Func<string?>> _environment = new(StringComparer.Ordinal);
    private Func<CancellationToken, Task<bool>>? _healthCheck;
    private Process? _process;

    /// <summary>The executable (<c>dotnet</c> for a .NET project).</summary>
    public string FileName { get; } = fileName;

    /// <summary>Command-line arguments, passed as separate argv entries (never through a shell).</summary>
    public IList<string> Arguments { get; } = [];

    /// <summary>Working directory; the orchestrator's when <see langword="null"/>.</summary>
    public string? WorkingDirectory { get; init; }

    /// <inheritdoc />
    public override int? ProcessId => _process is { } p && !HasExited(p) ? p.Id : null;

    /// <inheritdoc />
    public override string? CommandLineMarker => Arguments.Count > 0 ? Arguments[0] : FileName;

    /// <summary>Sets an environment variable, evaluated at each (re)start.</summary>
    public ProcessResource WithEnvironment(string key, Func<string?> value)
    {
        _environment[key] = value;
        return this;
    }

    /// <summary>Sets an environment variable to a fixed value.</summary>
    public ProcessResource WithEnvironment(string key, string value) => WithEnvironment(key, () => value);

    /// <summary>Injects <c>ConnectionStrings__&lt;name&gt;</c> and waits for <paramref name="resource"/> to be healthy.</summary>
    public ProcessResource WithReference(Resource resource)
    {
        var withConnectionString = resource as IResourceWithConnectionString
            ?? throw new ArgumentException($"{resource} has no connection string to reference.", nameof(resource));
        WaitFor(resource);
        return WithEnvironment($"ConnectionStrings__{resource.Name}", () => withConnectionString.ConnectionString);
    }

    /// <summary>Healthy when GET <paramref name="url"/> answers 2xx (besides the process being alive).</summary>
    public ProcessResource WithHttpHealthCheck(Uri url)
    {
        _healthCheck = ct => HttpHealthCheck.IsHealthyAsync(url, ct);
        return this;
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // A pipe nobody writes to: the child must not read our terminal or share our stdin.
            RedirectStandardInput = true,
            WorkingDirectory = WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in Arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            psi.Environment[key] = value();
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Forward(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, isError: true);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {FileName} for {Name}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task<bool> CheckHealthAsync(CancellationToken cancellationToken) =>
        _process is { } process && !HasExited(process)
        && (_healthCheck is null || await _healthCheck(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override async Task<int?> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} is not running.");
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!HasExited(process))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // SIGTERM lets an ASP.NET Core host drain requests and flush telemetry.
                    _ = ProcessInspector.Signal(process.Id, ProcessInspector.SigTerm);
                }

                using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                grace.CancelAfter(OperatingSystem.IsWindows() ? TimeSpan.Zero : StopGrace);
                try
                {
                    await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            process.Dispose();
            _process = null;
        }
    }

    private void Forward(string? line, bool isError)
    {
        if (line is not null)
        {
            console.WriteLine(Name, line, isError);
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
