using System.Globalization;
using System.Runtime.InteropServices;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.Benchmarks.Http;

/// <summary>
/// <c>store --out FILE</c>: starts an embedded Garnet on a free loopback port for bench/http/run.sh, writes its
/// connection string and process id to FILE (owner-only), and stops it on SIGTERM/SIGINT or when stdin closes.
/// </summary>
internal static class StoreCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["--out", var output])
        {
            Console.Error.WriteLine("usage: store --out FILE");
            return 2;
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), "reliabilitymcp-bench", $"garnet-{Guid.NewGuid():N}");
        var garnet = await EmbeddedGarnet.StartAsync(new EmbeddedGarnetOptions { DataDirectory = dataDirectory, MemorySize = "1g" }).ConfigureAwait(false);
        try
        {
            using var stop = new CancellationTokenSource();
            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }

            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

            // Written under a temporary name and renamed, so the script never reads half a file; the password is in it.
            var temporary = output + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var writer = new StreamWriter(temporary, options))
            {
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{garnet.ConnectionString}\n{garnet.ProcessId}\n")).ConfigureAwait(false);
            }

            File.Move(temporary, output, overwrite: true);

            var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
            await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token)).ConfigureAwait(false);
        }
        finally
        {
            await garnet.DisposeAsync().ConfigureAwait(false);
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }

        return 0;
    }
}
