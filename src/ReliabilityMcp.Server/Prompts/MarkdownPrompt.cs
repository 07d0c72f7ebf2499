using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace ReliabilityMcp.Server.Prompts;

/// <summary>Serves one <see cref="PromptTemplate"/> through <c>prompts/list</c> and <c>prompts/get</c>.</summary>
internal sealed class MarkdownPrompt(PromptTemplate template) : McpServerPrompt
{
    /// <summary>The largest accepted argument value; prompts are instructions, not a channel for documents.</summary>
    public const int MaxArgumentLength = 8_192;

    /// <inheritdoc />
    public override Prompt ProtocolPrompt { get; } = new()
    {
        Name = template.Name,
        Title = template.Title,
        Description = template.Description,
        Arguments = template.Arguments.Count == 0
            ? null
            : [.. template.Arguments.Select(argument => new PromptArgument
            {
                Name = argument.Name!,
                Description = argument.Description,
                Required = argument.Required,
            })],
    };

    /// <inheritdoc />
    public override IReadOnlyList<object> Metadata => [];

    /// <inheritdoc />
    public override ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken = default)
    {
        var values = Bind(request.Params?.Arguments);
        return ValueTask.FromResult(new GetPromptResult
        {
            Description = template.Description,
            Messages =
            [
                new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = template.Render(values) } },
            ],
        });
    }

    private Dictionary<string, string> Bind(IDictionary<string, JsonElement>? arguments)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var accepted = string.Join(", ", template.Arguments.Select(argument => argument.Name));
        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            if (!template.Arguments.Any(argument => argument.Name == name))
            {
                throw new McpProtocolException(
                    $"Prompt '{template.Name}' has no argument '{name}'. It accepts: {(accepted.Length == 0 ? "none" : accepted)}.",
                    McpErrorCode.InvalidParams);
            }

            var text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
            if (text.Length > MaxArgumentLength)
            {
                throw new McpProtocolException(
                    $"Argument '{name}' of prompt '{template.Name}' is {text.Length} characters; the limit is {MaxArgumentLength}.",
                    McpErrorCode.InvalidParams);
            }

            values[name] = text;
        }

        var missing = template.Arguments
            .Where(argument => argument.Required && (!values.TryGetValue(argument.Name!, out var v) || string.IsNullOrWhiteSpace(v)))
            .Select(argument => $"'{argument.Name}' ({argument.Description})")
            .ToArray();
        if (missing.Length > 0)
        {
            throw new McpProtocolException(
                $"Prompt '{template.Name}' is missing required argument(s): {string.Join(", ", missing)}.",
                McpErrorCode.InvalidParams);
        }

        return values;
    }
}
