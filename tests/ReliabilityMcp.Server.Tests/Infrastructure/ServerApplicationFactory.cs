using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>
/// The real server (Program.cs, unchanged) on a real Kestrel bound to a free loopback port, so that external
/// clients (the conformance CLI, the Inspector) can reach it. Only configuration differs between fixtures.
/// </summary>
public sealed class ServerApplicationFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    private static readonly Lock StartGate = new();

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The MCP endpoint.</summary>
    public Uri McpEndpoint => new(BaseAddress, "mcp");

    /// <summary>Starts Kestrel and records the bound address.</summary>
    public void Start()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        // WebApplicationFactory finds Program's host through a process-wide DiagnosticListener; two factories
        // starting at once in parallel test classes can each catch the other's host (and configuration).
        lock (StartGate)
        {
            StartServer();
        }

        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var effective = new Dictionary<string, string?>(settings);
        // Every server under test uses the assembly's real store unless the test names another.
        effective.TryAdd("ConnectionStrings:store", TestStore.ConnectionString);
        // Tests assert what is decided, not the 1.5 s fail-closed budget (its own tests use a dead store): keep a
        // loaded CI machine from turning a slow counter read into "state unknown".
        effective.TryAdd("Reliability:StoreBudgetMilliseconds", "20000");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(effective));
    }
}
