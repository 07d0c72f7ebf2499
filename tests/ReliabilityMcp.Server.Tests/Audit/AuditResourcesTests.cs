using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Audit;

/// <summary>The audit trail as MCP resources, read with the SDK client.</summary>
public sealed class AuditResourcesTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    [Fact]
    public async Task ListResources_Always_IncludesTheTrailAndThePageTemplate()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var resources = await sut.ListResourcesAsync(cancellationToken: cancellationToken);
        var templates = await sut.ListResourceTemplatesAsync(cancellationToken: cancellationToken);

        var trail = Assert.Single(resources, resource => resource.Uri == "audit://trail").ProtocolResource;
        Assert.Equal("application/json", trail.MimeType);
        Assert.Contains(templates, template => template.UriTemplate == "audit://entries/{from}");
    }

    [Fact]
    public async Task ReadTrail_AfterAuditedReads_ReturnsLatestEntriesAndAValidChain()
    {
        var cancellationToken = TestTimeouts.Token();
        await AuditedReadsAsync(2, cancellationToken);
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var result = await sut.ReadResourceAsync("audit://trail", cancellationToken: cancellationToken);

        using var document = JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single(result.Contents)).Text);
        var root = document.RootElement;
        var total = root.GetProperty("total").GetInt64();
        Assert.True(total >= 2, root.GetRawText());
        var verification = root.GetProperty("verification");
        Assert.True(verification.GetProperty("valid").GetBoolean(), root.GetRawText());
        Assert.Equal(total, verification.GetProperty("entriesChecked").GetInt64());
        var entries = root.GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(Math.Min(total, 50), entries.Length);
        Assert.Equal(total, entries[^1].GetProperty("sequence").GetInt64());
        Assert.Equal(TestTokens.ExplorerPrincipal, entries[^1].GetProperty("record").GetProperty("principal").GetString());
        Assert.Equal(entries[^2].GetProperty("hash").GetString(), entries[^1].GetProperty("previousHash").GetString());
    }

    [Fact]
    public async Task ReadEntries_FromOne_ReturnsAPageWithTheNextSequence()
    {
        var cancellationToken = TestTimeouts.Token();
        await AuditedReadsAsync(1, cancellationToken);
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var result = await sut.ReadResourceAsync("audit://entries/1", cancellationToken: cancellationToken);

        using var document = JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single(result.Contents)).Text);
        var page = document.RootElement;
        Assert.Equal(1, page.GetProperty("from").GetInt64());
        var total = page.GetProperty("total").GetInt64();
        var entries = page.GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(Math.Min(total, 100), entries.Length);
        Assert.Equal(1, entries[0].GetProperty("sequence").GetInt64());
        Assert.Equal("evaluate_policies", entries[0].GetProperty("record").GetProperty("tool").GetString());
        // Null members are left out of MCP JSON: at the end of the chain there is no next.
        Assert.False(page.TryGetProperty("next", out var next) && next.ValueKind != JsonValueKind.Null, page.GetRawText());
    }

    [Theory]
    [InlineData("audit://entries/0")]
    [InlineData("audit://entries/-1")]
    [InlineData("audit://entries/first")]
    public async Task ReadEntries_InvalidFrom_FailsSayingWhatToSend(string uri)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await ConnectAsync(TestTokens.AgentToken, cancellationToken);

        var exception = await Assert.ThrowsAnyAsync<McpException>(async () => await sut.ReadResourceAsync(uri, cancellationToken: cancellationToken));

        Assert.Contains("'from' must be a sequence number of 1 or more, e.g. audit://entries/1", exception.Message, StringComparison.Ordinal);
        Assert.NotNull(await sut.PingAsync(cancellationToken: cancellationToken));
    }

    private Task<McpClient> ConnectAsync(string token, CancellationToken cancellationToken)
        => McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, token, McpClients.November2025, cancellationToken);

    private async Task AuditedReadsAsync(int count, CancellationToken cancellationToken)
    {
        await using var explorer = await ConnectAsync(TestTokens.ExplorerToken, cancellationToken);
        for (var i = 0; i < count; i++)
        {
            var result = await explorer.CallToolAsync(
                "evaluate_policies", ToolArguments.Parse("""{"service": "inventory", "telemetry": {"error_rate": 0.2}}"""), cancellationToken: cancellationToken);
            Assert.NotEqual(true, result.IsError);
        }
    }
}
