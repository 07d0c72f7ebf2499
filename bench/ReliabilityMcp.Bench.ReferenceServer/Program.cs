using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// The reference for bench/http: a minimal stateless Streamable HTTP MCP endpoint over the same SDK as the real
// server (one transport and one McpServer per POST) with one trivial tool, `echo`, and no authentication, Origin
// checks, header validation, guard, audit or store. What the real server costs beyond this is its own overhead.
// Listens where ASPNETCORE_URLS / --urls say (bench/http/run.sh passes a free loopback port).
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

var messageType = (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));
var serverOptions = new McpServerOptions
{
    ServerInfo = new Implementation { Name = "reference", Version = "1.0.0" },
    ToolCollection = [McpServerTool.Create((string text) => text, new McpServerToolCreateOptions { Name = "echo", ReadOnly = true })],
};
var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();

app.MapPost("/mcp", async (HttpContext context) =>
{
    var cancellationToken = context.RequestAborted;
    var message = await JsonSerializer.DeserializeAsync(context.Request.Body, messageType, cancellationToken);
    if (message is null)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    context.Response.ContentType = "text/event-stream";
    await using var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
    await using var server = McpServer.Create(transport, serverOptions, loggerFactory, context.RequestServices);
    var run = server.RunAsync(cancellationToken);
    var wroteResponse = await transport.HandlePostRequestAsync(message, context.Response.Body, cancellationToken);
    await transport.DisposeAsync();
    await run;
    if (!wroteResponse)
    {
        context.Response.ContentType = null;
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }
});

await app.RunAsync();
