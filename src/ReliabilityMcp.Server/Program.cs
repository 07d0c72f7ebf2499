var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/alive", () => Results.Ok());
app.MapGet("/health", () => Results.Ok());
app.Run();
