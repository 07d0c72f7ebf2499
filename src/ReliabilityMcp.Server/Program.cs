using ReliabilityMcp.Server.Console;
using ReliabilityMcp.Server.Hosting;
using ReliabilityMcp.Server.Http;
using ReliabilityMcp.Server.Incidents;
using ReliabilityMcp.Server.Operator;
using ReliabilityMcp.Server.Security;

if (HashTokenCommand.TryRun(args, Console.In, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

if (await IncidentSeedCommand.TryRunAsync(args, Console.Out, Console.Error) is { } seedExitCode)
{
    return seedExitCode;
}

if (args.Contains(StdioHostingExtensions.Switch))
{
    // Stdio: launched by an MCP client (Claude Desktop, an IDE) as the local user; stdout is the protocol.
    var stdio = Host.CreateApplicationBuilder([.. args.Where(arg => arg != StdioHostingExtensions.Switch)]);
    stdio.AddReliabilityMcpStdio(); // first: it replaces the log providers with stderr-only console logging
    stdio.AddServiceDefaults();
    await stdio.Build().RunAsync();
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddReliabilityMcpHttp();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReliabilityMcp();
app.MapOperatorApi();
app.UseOperatorConsole();
await app.RunAsync();
return 0;
