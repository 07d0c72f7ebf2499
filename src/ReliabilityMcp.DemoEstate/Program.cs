using ReliabilityMcp.Chaos.AspNetCore;
using ReliabilityMcp.DemoEstate;

// One demo service per process, with the chaos middleware in front of it: Demo:Service = checkout | payments | inventory. Dependencies are found the way a
// real Aspire AppHost passes them: services:inventory:http:0 / services:payments:http:0 (env services__payments__http__0).
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Real fault injection (docs/chaos.md): control endpoints under /_chaos/faults, enabled when Chaos:Token is set.
builder.Services.AddReliabilityChaos();
builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
var service = builder.Configuration.GetSection(DemoOptions.SectionName).Get<DemoOptions>()?.Parse()
    ?? throw new InvalidOperationException("Demo:Service is required: checkout, payments or inventory.");
if (service == DemoService.Checkout)
{
    foreach (var dependency in new[] { DemoEndpoints.InventoryClient, DemoEndpoints.PaymentsClient })
    {
        var address = builder.Configuration[$"services:{dependency}:http:0"]
            ?? throw new InvalidOperationException($"checkout needs services:{dependency}:http:0 (env services__{dependency}__http__0), the address of {dependency}.");
        builder.Services.AddHttpClient(dependency, c => c.BaseAddress = new Uri(address.TrimEnd('/') + "/"));
    }
}

var app = builder.Build();
app.UseReliabilityChaos();
app.MapDefaultEndpoints();
DemoEndpoints.Map(app, service);
app.Logger.LogInformation("demo service {Service} starting", service);
await app.RunAsync();

/// <summary>The demo service's entry point (public for WebApplicationFactory).</summary>
public partial class Program;
