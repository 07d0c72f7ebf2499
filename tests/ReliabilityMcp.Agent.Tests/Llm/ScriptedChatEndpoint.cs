using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.Agent.Tests.Llm;

/// <summary>
/// An OpenAI-compatible chat endpoint started inside the test on a real loopback socket: it answers
/// <c>POST /v1/chat/completions</c> from a script (one reply per request, in order; the last one repeats) and records
/// every request so tests can check the wire format the client sent.
/// </summary>
internal sealed class ScriptedChatEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<int, JsonObject, (int Status, string Body)> _script;

    private ScriptedChatEndpoint(WebApplication app, Func<int, JsonObject, (int Status, string Body)> script)
    {
        _app = app;
        _script = script;
    }

    /// <summary>Requests received: body, headers (copied: Kestrel reuses its header objects) and path with query.</summary>
    public ConcurrentQueue<(JsonObject Body, IReadOnlyDictionary<string, string> Headers, string PathAndQuery)> Requests { get; } = new();

    /// <summary>The base address to configure (<c>http://127.0.0.1:PORT/v1</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts an endpoint whose replies come from <paramref name="script"/> (request index from 0, request body).</summary>
    public static async Task<ScriptedChatEndpoint> StartAsync(Func<int, JsonObject, (int Status, string Body)> script, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new ScriptedChatEndpoint(app, script);
        app.MapPost("/{**path}", endpoint.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        endpoint.BaseAddress = new Uri(address.TrimEnd('/') + "/v1");
        return endpoint;
    }

    /// <summary>Replies in order from <paramref name="replies"/>; the last one repeats.</summary>
    public static Task<ScriptedChatEndpoint> StartAsync(IReadOnlyList<string> replies, CancellationToken cancellationToken) =>
        StartAsync((i, _) => (200, replies[Math.Min(i, replies.Count - 1)]), cancellationToken);

    private async Task HandleAsync(HttpContext context)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
        var index = Requests.Count;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue((body, headers, context.Request.Path + context.Request.QueryString));
        if (!context.Request.Path.Equals("/v1/chat/completions", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var (status, reply) = _script(index, body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply);
    }

    /// <summary>A chat-completions reply with text only.</summary>
    public static string Text(string text, int totalTokens = 100) => new JsonObject
    {
        ["id"] = "chatcmpl-1",
        ["model"] = "scripted",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = totalTokens - 10, ["completion_tokens"] = 10, ["total_tokens"] = totalTokens },
    }.ToJsonString();

    /// <summary>A chat-completions reply asking for tool calls (arguments given as raw JSON text, as the wire carries them).</summary>
    public static string ToolCalls(int totalTokens, params (string Id, string Name, string ArgumentsJson)[] calls) => new JsonObject
    {
        ["id"] = "chatcmpl-2",
        ["model"] = "scripted",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray([.. calls.Select(c => (JsonNode)new JsonObject
                {
                    ["id"] = c.Id,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
                })]),
            },
            ["finish_reason"] = "tool_calls",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = totalTokens - 20, ["completion_tokens"] = 20, ["total_tokens"] = totalTokens },
    }.ToJsonString();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
