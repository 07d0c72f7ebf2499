using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReliabilityMcp.LoadGenerator;

// Drives orders at the demo estate and ships every outcome to the SLO ingestion:
//   services__checkout__http__0=http://127.0.0.1:5201 Load__IngestUrl=http://127.0.0.1:5180/api/telemetry Load__IngestToken=...
// It serves only /health and /alive, so an orchestrator can watch it like any other resource.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddOptions<LoadOptions>().BindConfiguration(LoadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
var settings = builder.Configuration.GetSection(LoadOptions.SectionName).Get<LoadOptions>() ?? new LoadOptions();
var target = builder.Configuration[$"services:{settings.Service}:http:0"]
    ?? throw new InvalidOperationException($"the load generator needs services:{settings.Service}:http:0 (env services__{settings.Service}__http__0), the address of {settings.Service}.");
builder.Services.AddHttpClient(TrafficDriver.TargetClient, c => c.BaseAddress = new Uri(target.TrimEnd('/') + "/"));
builder.Services.AddHttpClient(OutcomeShipper.IngestClient, c => c.Timeout = TimeSpan.FromSeconds(10));
builder.Services.AddSingleton(sp => new OutcomeBuffer(sp.GetRequiredService<IOptions<LoadOptions>>().Value.MaxBufferedOutcomes));
builder.Services.AddHostedService<TrafficDriver>();
builder.Services.AddHostedService<OutcomeShipper>();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
