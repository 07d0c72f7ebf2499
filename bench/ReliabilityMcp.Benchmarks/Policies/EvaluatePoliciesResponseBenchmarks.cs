using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Policies;
using ReliabilityMcp.Server.Policies;

namespace ReliabilityMcp.Benchmarks.Policies;

/// <summary>
/// What evaluate_policies costs after the evaluation, per call: its structured result turned into a
/// <see cref="JsonElement"/> (as <see cref="PolicyTools"/> does) and the JSON-RPC response written as the SDK writes
/// the SSE frame. Set beside <see cref="PolicyEvaluatorBenchmarks"/> it shows where the tool's time goes.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class EvaluatePoliciesResponseBenchmarks
{
    private EvaluatePoliciesResult _result = null!;
    private JsonRpcResponse _response = null!;

    /// <summary>The tool's <c>detail</c> argument: false is the compact default, true every condition of every policy.</summary>
    [Params(false, true)]
    public bool Detail { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var now = new DateTimeOffset(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);
        var evaluation = PolicyEvaluator.Evaluate(ShippedPolicies.Load().Policies, ShippedPolicies.Service, ShippedPolicies.TypicalSnapshot(),
            _ => ExecutionCounter.Empty, now);
        _result = new EvaluatePoliciesResult(ShippedPolicies.Service, true,
            [.. evaluation.Matched.Select(p => PolicyView.From(p, Detail))], [.. evaluation.Others.Select(p => PolicyView.From(p, Detail))], "known", 1, now);
        _response = Respond(StructuredContent());
    }

    /// <summary>The result as structured content: serialise with the SDK's options, then parse into a document.</summary>
    [Benchmark(Baseline = true)]
    public JsonElement StructuredContent() => JsonSerializer.SerializeToElement(_result, McpJsonUtilities.DefaultOptions);

    /// <summary>The finished JSON-RPC response written to UTF-8, as the transport does for each SSE event.</summary>
    [Benchmark]
    public byte[] ResponseBytes() => JsonSerializer.SerializeToUtf8Bytes<JsonRpcMessage>(_response, McpJsonUtilities.DefaultOptions);

    /// <summary>Both, with the response built around a fresh element: the tool's serialisation work end to end.</summary>
    [Benchmark]
    public byte[] StructuredContentAndResponse() =>
        JsonSerializer.SerializeToUtf8Bytes<JsonRpcMessage>(Respond(StructuredContent()), McpJsonUtilities.DefaultOptions);

    private static JsonRpcResponse Respond(JsonElement structured) => new()
    {
        Id = new RequestId(1),
        Result = JsonSerializer.SerializeToNode(new CallToolResult
        {
            Content = [new TextContentBlock { Text = "2 policies match for checkout." }],
            StructuredContent = structured,
        }, McpJsonUtilities.DefaultOptions),
    };
}
