using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReliabilityMcp.AppHost;
using ReliabilityMcp.AppHost.Control;
using ReliabilityMcp.AppHost.Hosting;
using ReliabilityMcp.Redis.Embedded;

// `dotnet run --project AppHost`: starts the store, then the MCP server once the store answers PING, then the demo
// estate (inventory, payments, checkout) and its load generator unless --no-demo,
// prints how to connect once the server's /health is 200, and stops both on Ctrl+C or SIGTERM. A loopback control
// API (AppHost:ControlPort) lets the server's process executor restart, stop, start and scale the demo resources.
var console = ConsoleLog.ForConsole();
// `--no-demo`: only the store and the server (a bare switch is not configuration syntax, so it is translated here).
var noDemo = args.Contains("--no-demo");
args = [.. args.Where(a => a != "--no-demo"), .. noDemo ? new[] { "--AppHost:Demo=false" } : []];
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders().AddProvider(new PrefixedConsoleLoggerProvider(console, "apphost"));

LocalApplication app;
FileStream appLock;
try
{
    appLock = AppHostLock.Acquire(DataDirectory.Resolve(builder.Configuration));
    app = LocalApplication.Create(builder.Configuration, console);
}
catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or FormatException)
{
    console.WriteLine("apphost", $"fail: {ex.Message}", isError: true);
    return 1;
}

using (appLock)
{
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
    builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
    builder.Services.AddSingleton(console).AddSingleton(app).AddSingleton(TimeProvider.System);
    builder.Services.AddSingleton(sp => new RunStateFile(Path.Combine(app.StateDirectory, "state.json"), sp.GetRequiredService<ILogger<RunStateFile>>()));
    builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<Orchestrator>(sp, app.Resources));
    builder.Services.AddHostedService(sp => sp.GetRequiredService<Orchestrator>());
    builder.Services.AddHostedService<ReadyAnnouncer>();
    builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, app.ControlUrl.Port));
    await using var host = builder.Build();
    ControlApi.Map(host, app.Secrets.ControlToken);

    // Closing the terminal sends SIGHUP, which would otherwise end us without stopping the children.
    var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
    using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
    {
        context.Cancel = true;
        lifetime.StopApplication();
    });

    await host.RunAsync();
    return Environment.ExitCode;
}
