using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReliabilityMcp.Server.Slo;

namespace ReliabilityMcp.Agent.Tests.EndToEnd;

/// <summary>
/// The real server (its Program, unchanged) on Kestrel at a free loopback port, so the agent reaches it over real HTTP
/// exactly as in production. Any type of the server assembly names the entry point; <c>Program</c> itself would be
/// ambiguous here, since the agent has one too.
/// </summary>
internal sealed class AgentServerFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<SloTools>
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
        // WebApplicationFactory finds the server's host through a process-wide DiagnosticListener: two factories
        // starting at once (the test classes run in parallel) could each catch the other's host and configuration.
        lock (StartGate)
        {
            StartServer();
        }

        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
}
