using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Agent;
using ReliabilityMcp.Agent.Llm;
using ReliabilityMcp.Agent.Runbook;

// The reference agent host. Two modes:
//   watch (default): every Agent:IntervalSeconds read slo_status and hand each new alert to the Agent:Brain
//     (runbook: offline and deterministic; llm: an OpenAI-compatible endpoint) until Ctrl+C.
//   one-shot: --service checkout --symptoms "p99 2.4 s since 14:05" runs one llm triage and prints its answer.
// Configuration: Agent:ServerUrl, Agent:Token, Agent:Brain, Agent:IntervalSeconds, Agent:Llm:* (environment:
// Agent__Token=..., Agent__Llm__Endpoint=http://localhost:11434/v1, ...).
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
// stdout carries the one-shot answer; everything else goes to stderr.
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
// After ClearProviders, so the OpenTelemetry log provider stays (structured logs in the dashboard).
builder.AddDefaultTelemetry();
builder.Services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<AgentOptions>>().Value);
builder.Services.AddSingleton(TimeProvider.System);

var service = builder.Configuration["service"];
var symptoms = builder.Configuration["symptoms"];
var oneShot = !string.IsNullOrWhiteSpace(service) || !string.IsNullOrWhiteSpace(symptoms);
var brain = builder.Configuration[$"{AgentOptions.SectionName}:Brain"] ?? "runbook";
if (oneShot || brain == "llm")
{
    // The llm settings are required (and validated at start) only where the llm is used.
    builder.Services.AddOptions<OpenAiCompatibleOptions>().BindConfiguration(OpenAiCompatibleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
    builder.Services.AddOptions<ToolLoopLimits>().BindConfiguration(ToolLoopLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
    builder.Services.AddSingleton<IChatClient>(sp => OpenAiChatClientFactory.Create(
        sp.GetRequiredService<IOptions<OpenAiCompatibleOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
    builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<ToolLoopLimits>>().Value);
    builder.Services.AddSingleton<ToolCallingLoop>();
    builder.Services.AddSingleton<TriageRunner>();
}

if (oneShot)
{
    if (string.IsNullOrWhiteSpace(service) || string.IsNullOrWhiteSpace(symptoms))
    {
        await Console.Error.WriteLineAsync("usage: ReliabilityMcp.Agent [--service <name> --symptoms \"<what is observed>\" [--severity sev2]]  (no arguments: watch loop)");
        return 2;
    }

    using var oneShotHost = builder.Build();
    var result = await oneShotHost.Services.GetRequiredService<TriageRunner>().RunAsync(service, symptoms, builder.Configuration["severity"], CancellationToken.None);
    Console.WriteLine(result.FinalText);
    await Console.Error.WriteLineAsync($"stopped: {result.Stop} after {result.Steps} step(s), {result.ToolCalls.Count} tool call(s), {result.TokensUsed} tokens");
    return result.Stop == ToolLoopStop.Completed ? 0 : 1;
}

builder.Services.AddAgentWatch(brain);
using var host = builder.Build();
await host.RunAsync();
return 0;
