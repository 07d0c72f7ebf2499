using ReliabilityMcp.Server.Store;

namespace ReliabilityMcp.Server.Incidents;

/// <summary>
/// <c>--seed [--seed-file PATH]</c>: loads the starter corpus (or another file in the same format) into incident
/// memory and exits. Uses the configured store, or the embedded local Garnet like the stdio server does. Safe to
/// run twice: incidents already present are skipped.
/// </summary>
public static class IncidentSeedCommand
{
    /// <summary>The switch.</summary>
    public const string Switch = "--seed";

    private const string FileSwitch = "--seed-file";

    /// <summary>Runs the command when <paramref name="args"/> asks for it; returns the exit code, or null when it does not.</summary>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!args.Contains(Switch))
        {
            return null;
        }

        string? file = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == Switch)
            {
                continue;
            }

            if (args[i] == FileSwitch && i + 1 < args.Length)
            {
                file = args[++i];
                continue;
            }

            rest.Add(args[i]);
        }

        var builder = Host.CreateApplicationBuilder([.. rest]);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddReliabilityStore();
        builder.AddIncidentMemory();
        using var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        try
        {
            var seeder = host.Services.GetRequiredService<IncidentSeeder>();
            var (created, existing, outcomes) = await seeder.SeedAsync(file is null ? null : Path.GetFullPath(file), CancellationToken.None).ConfigureAwait(false);
            await host.Services.GetRequiredService<Redis.Incidents.RedisIncidentStore>().TryMarkSeededAsync(CancellationToken.None).ConfigureAwait(false);
            await output.WriteLineAsync($"Seeded incident memory: {created} incidents created, {existing} already present, {outcomes} outcomes.").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or Core.Incidents.IncidentIndexMismatchException or Redis.Connection.StoreUnavailableException)
        {
            await error.WriteLineAsync($"Seeding failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }
}
