using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using ReliabilityMcp.Agent.Llm;

namespace ReliabilityMcp.Agent.Tests.Llm;

public sealed class OpenAiCompatibleChatClientTests
{
    private const string Key = "sk-test-4f2a9c1e";

    [Description("Evaluates the healing policies.")]
    private static string EvaluatePolicies([Description("service name")] string service, double latencyP99) => $"{service}:{latencyP99}";

    [Fact]
    public async Task GetResponseAsync_WithHistoryAndTools_SendsTheChatCompletionsWireFormat()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await ScriptedChatEndpoint.StartAsync([ScriptedChatEndpoint.Text("done")], ct);
        using var http = new HttpClient();
        using var sut = new OpenAiCompatibleChatClient(http, new OpenAiCompatibleOptions { Endpoint = endpoint.BaseAddress, Model = "llama3.1", ApiKey = Key });
        var tool = AIFunctionFactory.Create(EvaluatePolicies, "evaluate_policies");
        List<ChatMessage> history =
        [
            new(ChatRole.System, "You are an SRE."),
            new(ChatRole.User, "checkout is slow"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", "evaluate_policies", new Dictionary<string, object?> { ["service"] = "checkout", ["latencyP99"] = 850 })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "checkout:850")]),
        ];

        await sut.GetResponseAsync(history, new ChatOptions { Tools = [tool], MaxOutputTokens = 256, Temperature = 0.2f }, ct);

        var (body, headers, path) = Assert.Single(endpoint.Requests);
        Assert.Equal("/v1/chat/completions", path);
        Assert.Equal($"Bearer {Key}", headers["Authorization"]);
        Assert.Equal("llama3.1", body["model"]!.GetValue<string>());
        Assert.Equal(256, body["max_tokens"]!.GetValue<int>());
        Assert.Equal("auto", body["tool_choice"]!.GetValue<string>());
        var messages = body["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "tool"], messages.Select(m => m!["role"]!.GetValue<string>()).ToArray());
        var call = messages[2]!["tool_calls"]![0]!;
        Assert.Equal("call_1", call["id"]!.GetValue<string>());
        Assert.Equal("evaluate_policies", call["function"]!["name"]!.GetValue<string>());
        // Arguments travel as a JSON string, as the OpenAI format requires.
        var arguments = JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>())!;
        Assert.Equal("checkout", arguments["service"]!.GetValue<string>());
        Assert.Equal("call_1", messages[3]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal("checkout:850", messages[3]!["content"]!.GetValue<string>());
        var function = body["tools"]![0]!["function"]!;
        Assert.Equal("evaluate_policies", function["name"]!.GetValue<string>());
        Assert.Equal("Evaluates the healing policies.", function["description"]!.GetValue<string>());
        Assert.Equal(["service", "latencyP99"], function["parameters"]!["properties"]!.AsObject().Select(p => p.Key).ToArray());
    }

    [Fact]
    public async Task GetResponseAsync_ToolCallsReply_ParsesCallsUsageAndFinishReason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await ScriptedChatEndpoint.StartAsync(
            [ScriptedChatEndpoint.ToolCalls(321, ("call_9", "slo_status", """{"service":"checkout"}"""))], ct);
        using var http = new HttpClient();
        using var sut = new OpenAiCompatibleChatClient(http, new OpenAiCompatibleOptions { Endpoint = endpoint.BaseAddress, Model = "m" });

        var response = await sut.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: ct);

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(321, response.Usage!.TotalTokenCount);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal("call_9", call.CallId);
        Assert.Equal("slo_status", call.Name);
        Assert.Equal("checkout", ((JsonElement)call.Arguments!["service"]!).GetString());
        Assert.Null(call.Exception);
        Assert.False(endpoint.Requests.Single().Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task GetResponseAsync_BrokenToolArguments_MarksTheCallInsteadOfGuessing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await ScriptedChatEndpoint.StartAsync([ScriptedChatEndpoint.ToolCalls(50, ("c", "slo_status", "{\"service\": chec"))], ct);
        using var http = new HttpClient();
        using var sut = new OpenAiCompatibleChatClient(http, new OpenAiCompatibleOptions { Endpoint = endpoint.BaseAddress, Model = "m" });

        var response = await sut.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: ct);

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.NotNull(call.Exception);
        Assert.Contains("not valid JSON", call.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_AzureStyle_SendsApiKeyHeaderAndApiVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await ScriptedChatEndpoint.StartAsync([ScriptedChatEndpoint.Text("ok")], ct);
        using var http = new HttpClient();
        using var sut = new OpenAiCompatibleChatClient(http, new OpenAiCompatibleOptions
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

    [Theory]
    [InlineData(401, """{"error":{"message":"Incorrect API key provided"}}""", "401")]
    [InlineData(200, "<html>gateway</html>", "not JSON")]
    [InlineData(200, """{"object":"list","data":[]}""", "choices[0].message")]
    public async Task GetResponseAsync_BadAnswer_ThrowsAClearErrorWithoutTheKey(int status, string reply, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var endpoint = await ScriptedChatEndpoint.StartAsync((_, _) => (status, reply), ct);
        using var http = new HttpClient();
        using var sut = new OpenAiCompatibleChatClient(http, new OpenAiCompatibleOptions { Endpoint = endpoint.BaseAddress, Model = "m", ApiKey = Key });

        var error = await Assert.ThrowsAsync<ChatEndpointException>(() => sut.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: ct));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_NothingListening_ThrowsAClearError()
    {
        var ct = TestContext.Current.CancellationToken;
        Uri closed;
        await using (var endpoint = await ScriptedChatEndpoint.StartAsync([ScriptedChatEndpoint.Text("x")], ct))
        {
            closed = endpoint.BaseAddress;
        }

        using var http = new HttpClient();
        using var sut = new OpenAiCompatibleChatClient(http, new OpenAiCompatibleOptions { Endpoint = closed, Model = "m" });

        var error = await Assert.ThrowsAsync<ChatEndpointException>(() => sut.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: ct));

        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "m", "Endpoint is required")]
    [InlineData("ftp://models.example/v1", "m", "http(s)")]
    [InlineData("http://127.0.0.1:1/v1", " ", "Model is required")]
    public void Constructor_BadOptions_NamesTheSetting(string? endpoint, string model, string expected)
    {
        using var http = new HttpClient();
        var error = Assert.Throws<ArgumentException>(() => new OpenAiCompatibleChatClient(http,
            new OpenAiCompatibleOptions { Endpoint = endpoint is null ? null : new Uri(endpoint), Model = model }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
