using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Http;

/// <summary>completion/complete over HTTP with the SDK client (issue 23 item 4): values from the running configuration.</summary>
public sealed class CompletionTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    [Fact]
    public async Task Complete_PromptServiceArgument_OffersConfiguredServicesStartingWithTheInput()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var result = await sut.CompleteAsync(new PromptReference { Name = "triage_incident" }, "service", "ch", cancellationToken: cancellationToken);

        Assert.Equal(["checkout"], result.Completion.Values);
    }

    [Fact]
    public async Task Complete_WithEmptyInput_OffersEveryServiceOnce()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var result = await sut.CompleteAsync(new PromptReference { Name = "postmortem" }, "service", "", cancellationToken: cancellationToken);

        Assert.Contains("payments", result.Completion.Values);
        Assert.Equal(result.Completion.Values.Distinct().Count(), result.Completion.Values.Count);
        Assert.Equal(result.Completion.Values.Count, result.Completion.Total);
    }

    [Theory]
    [InlineData("severity", "c", "critical")]
    [InlineData("slo", "payments-", "payments-availability")]
    [InlineData("template", "LAT", "latency-spike")]
    public async Task Complete_NamedArgument_OffersItsValues(string argument, string typed, string expected)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var result = await sut.CompleteAsync(new ResourceTemplateReference { Uri = "reliability://anything/{" + argument + "}" }, argument, typed,
            cancellationToken: cancellationToken);

        Assert.Contains(expected, result.Completion.Values);
    }

    [Fact]
    public async Task Complete_UnknownPromptOrArgument_OffersNothing()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var result = await sut.CompleteAsync(new PromptReference { Name = "test_prompt_with_arguments" }, "arg1", "test", cancellationToken: cancellationToken);

        Assert.Empty(result.Completion.Values);
    }

    private Task<McpClient> ConnectAsync(string token, CancellationToken cancellationToken)
        => McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, token, McpClients.November2025, cancellationToken);
}
