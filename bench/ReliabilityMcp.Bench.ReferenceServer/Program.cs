using ModelContextProtocol.Server;

// The reference for bench/http: a bare stateless `MapMcp` endpoint (the SDK's own ASP.NET Core transport, the one the
// real server maps) with one trivial tool, `echo`, and no authentication, Origin/Host checks, body guard, guard, audit
// or store. What the real server costs beyond this is its own overhead.
// Listens where ASPNETCORE_URLS / --urls say (bench/http/run.sh passes a free loopback port).
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMcpServer()
    .WithHttpTransport(options => options.Stateless = true)
    .WithTools([McpServerTool.Create((string text) => text, new McpServerToolCreateOptions { Name = "echo", ReadOnly = true })]);

var app = builder.Build();
app.MapMcp("/mcp");
await app.RunAsync();
