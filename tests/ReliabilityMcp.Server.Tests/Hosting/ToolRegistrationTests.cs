using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ReliabilityMcp.Server.Hosting;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Hosting;

/// <summary>
/// Our tool registration lists every tool exactly as the SDK's own would, and runs the tools that build their own
/// result without the SDK's second serialisation of it.
/// </summary>
public sealed class ToolRegistrationTests(TokenServerFixture fixture) : IClassFixture<TokenServerFixture>
{
    [Fact]
    public void ServerTools_ListedAsTheSdkWouldListThem_AndRunWithoutOutputSchema()
    {
        var services = fixture.Server.Services;
        var tools = services.GetRequiredService<IOptions<McpServerOptions>>().Value.ToolCollection!;

        Assert.Equal(12, tools.Count);
        foreach (var tool in tools)
        {
            var method = Assert.IsAssignableFrom<MethodInfo>(tool.Metadata[0]);
            var sdk = McpServerTool.Create(method, r => ActivatorUtilities.CreateInstance(r.Services!, method.DeclaringType!), new() { Services = services });
            Assert.Equal(Json(sdk.ProtocolTool), Json(tool.ProtocolTool));
            Assert.NotNull(tool.ProtocolTool.OutputSchema);
            var own = Assert.IsType<ToolRegistration.OwnResultTool>(tool);
            Assert.Null(own.Invoked.ProtocolTool.OutputSchema);
            Assert.Equal(Json(sdk.ProtocolTool.InputSchema), Json(own.Invoked.ProtocolTool.InputSchema));
        }
    }

    [Fact]
    public async Task Create_ToolReturningItsOwnResult_ReturnsThatResultUntouched()
    {
        var method = typeof(SampleTools).GetMethod(nameof(SampleTools.OwnResult))!;

        var sut = ToolRegistration.Create(method, typeof(SampleTools), fixture.Server.Services);

        Assert.IsType<ToolRegistration.OwnResultTool>(sut);
        Assert.NotNull(sut.ProtocolTool.OutputSchema);
        var result = await InvokeAsync(sut);
        Assert.Equal("""{"value":42}""", Json(result.StructuredContent));
        Assert.Equal("42", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task Create_ToolReturningPlainValue_LeftToTheSdkWhichMakesItsStructuredContent()
    {
        var method = typeof(SampleTools).GetMethod(nameof(SampleTools.PlainValue))!;

        var sut = ToolRegistration.Create(method, typeof(SampleTools), fixture.Server.Services);

        Assert.IsNotType<ToolRegistration.OwnResultTool>(sut);
        var result = await InvokeAsync(sut);
        Assert.Equal("""{"value":7}""", Json(result.StructuredContent));
    }

    private static async Task<CallToolResult> InvokeAsync(McpServerTool tool)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var server = McpServer.Create(new StreamableHttpServerTransport { Stateless = true }, new McpServerOptions());
        var request = new RequestContext<CallToolRequestParams>(
            server, new JsonRpcRequest { Method = RequestMethods.ToolsCall }, new CallToolRequestParams { Name = tool.ProtocolTool.Name });
        return await tool.InvokeAsync(request, cancellationToken);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, McpJsonUtilities.DefaultOptions);

    /// <summary>Sample tools: one that builds its own result, one that leaves the result to the SDK.</summary>
    public sealed class SampleTools
    {
        /// <summary>Builds its own result, as every tool of the server does.</summary>
        [McpServerTool(Name = "own_result", UseStructuredContent = true, OutputSchemaType = typeof(Sample))]
        [Description("Sample.")]
        public static CallToolResult OwnResult() => new()
        {
            Content = [new TextContentBlock { Text = "42" }],
            StructuredContent = JsonSerializer.SerializeToElement(new Sample(42), McpJsonUtilities.DefaultOptions),
        };

        /// <summary>Returns a value for the SDK to turn into structured content.</summary>
        [McpServerTool(Name = "plain_value", UseStructuredContent = true)]
        [Description("Sample.")]
        public static Sample PlainValue() => new(7);
    }

    /// <summary>A sample result.</summary>
    /// <param name="Value">Its value.</param>
    public sealed record Sample(int Value);
}
