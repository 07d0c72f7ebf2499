using System.ClientModel;
using System.ComponentModel;
using Microsoft.Extensions.AI;
using ReliabilityMcp.Agent.Llm;

namespace ReliabilityMcp.Agent.Tests.Llm;

/// <summary>The Microsoft.Extensions.AI OpenAI client as the factory configures it, against a scripted endpoint.</summary>
public sealed class OpenAiChatClientFactoryTests
{
    private const string Key = "sk-test-4f2a9c1e";

    [Description("Evaluates the healing policies.")]
    private static string EvaluatePolicies([Description("service name")] string service, double latencyP99) => $"{service}:{latencyP99}";

    [Fact]
    public async Task Create_WithHistoryAndTools_SendsTheChatCompletionsWireFormat()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await ScriptedChatEndpoint.StartAsync([ScriptedChatEndpoint.Text("done")], ct);
        using var sut = OpenAiChatClientFactory.Create(new OpenAiCompatibleOptions { Endpoint = endpoint.BaseAddress, Model = "llama3.1", ApiKey = Key });
        var tool = AIFunctionFactory.Create(EvaluatePolicies, "evaluate_policies");
        List<ChatMessage> history =
        [
            new(ChatRole.System, "You are an SRE."),
            new(ChatRole.User, "checkout is slow"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "evaluate_policies", new Dictionary<string, object?> { ["service"] = "checkout", ["latencyP99"] = 850 })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "checkout:850")]),
        ];

        var response = await sut.GetResponseAsync(history, new ChatOptions { Tools = [tool], MaxOutputTokens = 256 }, ct);

        Assert.Equal("done", response.Text);
        Assert.Equal(100, response.Usage?.TotalTokenCount);
        var (body, headers, path) = Assert.Single(endpoint.Requests);
        Assert.Equal("/v1/chat/completions", path);
        Assert.Equal($"Bearer {Key}", headers["Authorization"]);
        Assert.Equal("llama3.1", body["model"]!.GetValue<string>());
        var messages = body["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "tool"], messages.Select(m => m!["role"]!.GetValue<string>()).ToArray());
        Assert.Equal("call_1", messages[2]!["tool_calls"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("call_1", messages[3]!["tool_call_id"]!.GetValue<string>());
        var function = body["tools"]![0]!["function"]!;
        Assert.Equal("evaluate_policies", function["name"]!.GetValue<string>());
        Assert.Equal("Evaluates the healing policies.", function["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_AzureStyle_SendsApiKeyHeaderAndApiVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await ScriptedChatEndpoint.StartAsync([ScriptedChatEndpoint.Text("ok")], ct);
        using var sut = OpenAiChatClientFactory.Create(new OpenAiCompatibleOptions
        {
            Endpoint = endpoint.BaseAddress, Model = "gpt", ApiKey = Key, ApiKeyHeader = "api-key", ApiVersion = "2024-10-21",
        });

        var response = await sut.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: ct);

        Assert.Equal("ok", response.Text);
        var (_, headers, path) = Assert.Single(endpoint.Requests);
        Assert.Equal("/v1/chat/completions?api-version=2024-10-21", path);
        Assert.Equal(Key, headers["api-key"]);
        Assert.False(headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Create_EndpointRefuses_ThrowsWithTheStatusWithoutTheKeyAndDoesNotRetry()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await ScriptedChatEndpoint.StartAsync((_, _) => (401, """{"error":{"message":"Incorrect API key provided"}}"""), ct);
        using var sut = OpenAiChatClientFactory.Create(new OpenAiCompatibleOptions { Endpoint = endpoint.BaseAddress, Model = "m", ApiKey = Key });

        var error = await Assert.ThrowsAsync<ClientResultException>(() => sut.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: ct));

        Assert.Equal(401, error.Status);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
        Assert.Single(endpoint.Requests);
    }

    [Theory]
    [InlineData(null, "m", "Endpoint is required")]
    [InlineData("ftp://models.example/v1", "m", "http(s)")]
    [InlineData("http://127.0.0.1:1/v1", " ", "Model is required")]
    public void Create_BadOptions_NamesTheSetting(string? endpoint, string model, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => OpenAiChatClientFactory.Create(
            new OpenAiCompatibleOptions { Endpoint = endpoint is null ? null : new Uri(endpoint), Model = model }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
