using System.Diagnostics;
using System.Text;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.Testing;

/// <summary>
/// A long-running HTTP service started as a real process (<c>dotnet X.dll</c>) on a free loopback port, as an
/// orchestrator would start it: configuration through the environment, ready once <c>/health</c> answers 200,
/// killed with its process tree on dispose. Output is kept for assertion messages.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="dllPath"/> and waits until its <c>/health</c> is 200 (or it exits, which fails with its output).</summary>
    public static async Task<ServiceProcess> StartAsync(string dllPath, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var started = Start(dllPath, environment);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var health = new Uri(started.BaseAddress, "health");
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (started.HasExited)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(dllPath)} exited with {started._process.ExitCode} before it was healthy:\n{started.Output}");
                }

                try
                {
                    using var response = await http.GetAsync(health, cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return started;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The HttpClient timeout: still starting.
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="dllPath"/> without waiting for health (for tests that expect it to fail).</summary>
    public static ServiceProcess Start(string dllPath, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var port = LoopbackPorts.Free();
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dllPath)!,
        };
        startInfo.ArgumentList.Add(dllPath);
        startInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, line) => service.Append(line.Data);
        process.ErrorDataReceived += (_, line) => service.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Kills the process tree (as <c>kill -9</c> would) and waits for it to go.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
