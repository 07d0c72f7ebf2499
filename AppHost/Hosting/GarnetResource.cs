using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>
/// A Garnet store owned by the orchestrator (<see cref="EmbeddedGarnet"/>): persistent data directory,
/// stable port and password across restarts, so connection strings handed out earlier keep working.
/// </summary>
internal sealed class GarnetResource(string name, EmbeddedGarnetOptions options, ILogger logger)
    : Resource(name), IResourceWithConnectionString
{
    private EmbeddedGarnet? _garnet;
    private Process? _process;
    private int _port = options.Port;

    /// <summary>The data directory (checkpoints and AOF).</summary>
    public string DataDirectory => options.DataDirectory;

    /// <summary>The port, once known (a configured port, or the one picked at the first start).</summary>
    public int Port => _port;

    /// <inheritdoc />
    public string ConnectionString =>
        $"{options.BindAddress}:{_port},password={options.Password ?? throw new InvalidOperationException("The store password must be fixed for restarts to keep connection strings valid.")}";

    /// <inheritdoc />
    public override int? ProcessId => _garnet is { IsRunning: true } garnet ? garnet.ProcessId : null;

    /// <inheritdoc />
    public override string? CommandLineMarker => options.DataDirectory;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        options.Port = _port;
        _garnet = await EmbeddedGarnet.StartAsync(options, logger, cancellationToken).ConfigureAwait(false);
        _port = _garnet.Port;

        // EmbeddedGarnet does not surface an exit event; the runtime tracks the child by pid, so a second
        // handle on it can await the exit.
        _process = Process.GetProcessById(_garnet.ProcessId);
    }

    /// <inheritdoc />
    public override Task<bool> CheckHealthAsync(CancellationToken cancellationToken) =>
        _garnet is { IsRunning: true }
            ? StoreHealth.PingAsync(ConnectionString, TimeSpan.FromSeconds(2), cancellationToken)
            : Task.FromResult(false);

    /// <inheritdoc />
    public override async Task<int?> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} is not running.");
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var garnet = _garnet;
        _garnet = null;
        if (garnet is not null)
        {
            await garnet.StopAsync(StopGrace).ConfigureAwait(false);
            await garnet.DisposeAsync().ConfigureAwait(false);
        }

        _process?.Dispose();
        _process = null;
    }
}
