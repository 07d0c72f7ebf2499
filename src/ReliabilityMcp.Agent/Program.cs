using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Agent;
using ReliabilityMcp.Agent.Llm;

// The reference agent host. Today: one triage with the `llm` brain against any OpenAI-compatible endpoint:
//   dotnet run --project src/ReliabilityMcp.Agent -- --service checkout --symptoms "p99 2.4 s since 14:05"
// with Agent:ServerUrl, Agent:Token, Agent:Llm:Endpoint, Agent:Llm:Model, Agent:Llm:ApiKey in configuration
// (environment: Agent__Token=..., Agent__Llm__Endpoint=http://localhost:11434/v1, ...).
var builder = Host.CreateApplicationBuilder(args);
builder.AddDefaultTelemetry();
builder.Logging.ClearProviders();
// stdout carries the answer; everything else goes to stderr.
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<OpenAiCompatibleOptions>().BindConfiguration(OpenAiCompatibleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ToolLoopLimits>().BindConfiguration(ToolLoopLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddHttpClient(nameof(OpenAiCompatibleChatClient));
builder.Services.AddSingleton<IChatClient>(sp => new OpenAiCompatibleChatClient(
    sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(OpenAiCompatibleChatClient)),
    sp.GetRequiredService<IOptions<OpenAiCompatibleOptions>>().Value));
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<AgentOptions>>().Value);
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<ToolLoopLimits>>().Value);
builder.Services.AddSingleton<ToolCallingLoop>();
builder.Services.AddSingleton<TriageRunner>();

var service = builder.Configuration["service"];
var symptoms = builder.Configuration["symptoms"];
if (string.IsNullOrWhiteSpace(service) || string.IsNullOrWhiteSpace(symptoms))
{
    await Console.Error.WriteLineAsync("usage: ReliabilityMcp.Agent --service <name> --symptoms \"<what is observed>\" [--severity sev2]");
    return 2;
}

using var host = builder.Build();
var result = await host.Services.GetRequiredService<TriageRunner>().RunAsync(service, symptoms, builder.Configuration["severity"], CancellationToken.None);
Console.WriteLine(result.FinalText);
await Console.Error.WriteLineAsync($"stopped: {result.Stop} after {result.Steps} step(s), {result.ToolCalls.Count} tool call(s), {result.TokensUsed} tokens");
return result.Stop == ToolLoopStop.Completed ? 0 : 1;
