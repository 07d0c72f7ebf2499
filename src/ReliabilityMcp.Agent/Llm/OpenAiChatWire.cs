using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace ReliabilityMcp.Agent.Llm;

/// <summary>Translation between Microsoft.Extensions.AI chat types and the OpenAI chat-completions JSON.</summary>
internal static class OpenAiChatWire
{
    /// <summary>The request body for <paramref name="messages"/>.</summary>
    public static JsonObject BuildRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, string defaultModel)
    {
        var wire = new JsonArray();
        foreach (var message in messages)
        {
            foreach (var item in ToWire(message))
            {
                wire.Add(item);
            }
        }

        var body = new JsonObject
        {
            ["model"] = options?.ModelId ?? defaultModel,
            ["messages"] = wire,
        };
        if (options?.MaxOutputTokens is { } max)
        {
            body["max_tokens"] = max;
        }

        if (options?.Temperature is { } temperature)
        {
            body["temperature"] = temperature;
        }

        var functions = options?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        if (functions.Count > 0)
        {
            var tools = new JsonArray();
            foreach (var f in functions)
            {
                tools.Add(new JsonObject
                {
                    ["type"] = "function",
                    ["function"] = new JsonObject
                    {
                        ["name"] = f.Name,
                        ["description"] = f.Description,
                        ["parameters"] = JsonNode.Parse(f.JsonSchema.GetRawText()),
                    },
                });
            }

            body["tools"] = tools;
            body["tool_choice"] = options!.ToolMode is NoneChatToolMode ? "none"
                : options.ToolMode is RequiredChatToolMode ? "required"
                : "auto";
        }

        return body;
    }

    /// <summary>Parses a chat-completions response (first choice).</summary>
    public static ChatResponse ParseResponse(JsonNode? root)
    {
        if (root is not JsonObject obj || obj["choices"] is not JsonArray { Count: > 0 } choices || choices[0]?["message"] is not JsonObject message)
        {
            throw new ChatEndpointException("the chat endpoint's answer has no choices[0].message: it does not look like an OpenAI chat-completions response");
        }

        var contents = new List<AIContent>();
        if (message["content"] is JsonValue content && content.TryGetValue<string>(out var text) && text.Length > 0)
        {
            contents.Add(new TextContent(text));
        }

        if (message["tool_calls"] is JsonArray calls)
        {
            foreach (var call in calls.OfType<JsonObject>())
            {
                contents.Add(ParseToolCall(call));
            }
        }

        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ResponseId = obj["id"]?.GetValue<string>(),
            ModelId = obj["model"]?.GetValue<string>(),
            FinishReason = choices[0]?["finish_reason"]?.GetValue<string>() switch
            {
                "stop" => ChatFinishReason.Stop,
                "length" => ChatFinishReason.Length,
                "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
                "content_filter" => ChatFinishReason.ContentFilter,
                null => null,
                var other => new ChatFinishReason(other),
            },
        };
        if (obj["usage"] is JsonObject usage)
        {
            response.Usage = new UsageDetails
            {
                InputTokenCount = usage["prompt_tokens"]?.GetValue<long>(),
                OutputTokenCount = usage["completion_tokens"]?.GetValue<long>(),
                TotalTokenCount = usage["total_tokens"]?.GetValue<long>(),
            };
        }

        return response;
    }

    private static FunctionCallContent ParseToolCall(JsonObject call)
    {
        var id = call["id"]?.GetValue<string>() ?? "";
        var function = call["function"] as JsonObject;
        var name = function?["name"]?.GetValue<string>() ?? "";
        var raw = function?["arguments"]?.GetValue<string>() ?? "{}";
        try
        {
            var arguments = string.IsNullOrWhiteSpace(raw) ? [] : JsonSerializer.Deserialize<Dictionary<string, object?>>(raw) ?? [];
            return new FunctionCallContent(id, name, arguments);
        }
        catch (JsonException ex)
        {
            // Models do emit broken JSON; the loop reports it back to the model instead of invoking anything.
            return new FunctionCallContent(id, name) { Exception = new FormatException($"the arguments of {name} are not valid JSON: {ex.Message}", ex) };
        }
    }

    private static IEnumerable<JsonObject> ToWire(ChatMessage message)
    {
        var role = message.Role.Value;
        if (message.Role == ChatRole.Tool)
        {
            // One wire message per tool result, each naming the call it answers.
            foreach (var result in message.Contents.OfType<FunctionResultContent>())
            {
                yield return new JsonObject
                {
                    ["role"] = "tool",
                    ["tool_call_id"] = result.CallId,
                    ["content"] = ResultText(result.Result),
                };
            }

            yield break;
        }

        var text = string.Concat(message.Contents.OfType<TextContent>().Select(t => t.Text));
        var wire = new JsonObject { ["role"] = role, ["content"] = text.Length > 0 ? text : null };
        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        if (calls.Count > 0)
        {
            var array = new JsonArray();
            foreach (var call in calls)
            {
                array.Add(new JsonObject
                {
                    ["id"] = call.CallId,
                    ["type"] = "function",
                    ["function"] = new JsonObject
                    {
                        ["name"] = call.Name,
                        ["arguments"] = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>()),
                    },
                });
            }

            wire["tool_calls"] = array;
        }

        yield return wire;
    }

    /// <summary>A tool result as the text the model reads.</summary>
    public static string ResultText(object? result) => result switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.GetRawText(),
        _ => JsonSerializer.Serialize(result),
    };
}
