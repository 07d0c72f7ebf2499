using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.Testing;

/// <summary>
/// A real application (its Program, unchanged) on a real Kestrel bound to a free loopback port, so that external
/// clients (the agent, the conformance CLI, the Inspector, a browser) reach it over real HTTP. Only configuration
/// differs between fixtures: <see cref="Settings"/>, to which subclasses may add defaults.
/// </summary>
/// <typeparam name="TEntryPoint">Any type of the application's assembly.</typeparam>
public class LoopbackServerFactory<TEntryPoint>(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private static readonly Lock StartGate = new();

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The MCP endpoint.</summary>
    public Uri McpEndpoint => new(BaseAddress, "mcp");

    /// <summary>The configuration the application gets on top of its own.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => settings;

    /// <summary>Starts Kestrel and records the bound address.</summary>
    public void Start()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        // WebApplicationFactory finds the host through a process-wide DiagnosticListener; two factories starting at
        // once in parallel test classes can each catch the other's host (and configuration).
        lock (StartGate)
        {
            StartServer();
        }

        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>A logger provider added from the start (to check what start-up logs), or null.</summary>
    public ILoggerProvider? LogCapture { get; init; }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings));
        if (LogCapture is { } capture)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(capture));
        }
    }
}
