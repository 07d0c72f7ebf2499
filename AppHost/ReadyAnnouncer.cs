using Microsoft.Extensions.Hosting;
using ReliabilityMcp.AppHost.Hosting;

namespace ReliabilityMcp.AppHost;

/// <summary>Prints the <see cref="ReadyBanner"/> the first time every resource is healthy.</summary>
internal sealed class ReadyAnnouncer(Orchestrator orchestrator, LocalApplication app, ConsoleLog console) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await orchestrator.AllReady.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        console.WriteBlock(ReadyBanner.Render(app));
    }
}
