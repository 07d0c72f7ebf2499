using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Http;

/// <summary>
/// Raw HTTP against the endpoint: each malformed or hostile request gets the status the spec (or our security
/// rules) require, and a valid request right after still succeeds, so a rejection never hurts the server.
/// </summary>
public sealed class StreamableHttpRejectionTests(TokenServerFixture fixture) : IClassFixture<TokenServerFixture>
{
    private const string ServerStatusCall = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"server_status"}}""";

    private Uri Endpoint => fixture.Server.McpEndpoint;

    [Fact]
    public async Task Post_WithForeignHost_Returns403()
    {
        using var request = ValidRequest();
        request.Headers.Host = "evil.example.com";

        await AssertRejectedAsync(request, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("http://evil.example.com")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1.evil.example.com:5180")]
    public async Task Post_WithForeignOrigin_Returns403(string origin)
    {
        using var request = ValidRequest();
        request.Headers.Add("Origin", origin);

        await AssertRejectedAsync(request, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Post_WithLoopbackOrigin_IsAccepted()
    {
        using var request = ValidRequest();
        request.Headers.Add("Origin", "http://localhost:6274");
        using var client = new HttpClient();

        using var response = await client.SendAsync(request, TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_WithoutToken_Returns401WithBearerChallenge()
    {
        using var request = ValidRequest(token: null);

        var response = await AssertRejectedAsync(request, HttpStatusCode.Unauthorized);

        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
    }

    [Theory]
    [InlineData("Bearer not-a-configured-token")]
    [InlineData("Bearer ")]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    public async Task Post_WithInvalidCredentials_Returns401(string authorization)
    {
        using var request = ValidRequest(token: null);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await AssertRejectedAsync(request, HttpStatusCode.Unauthorized);

        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
    }

    [Fact]
    public async Task Post_WithTokenHashInsteadOfToken_Returns401()
    {
        // The configuration holds hashes; presenting a hash must not authenticate.
        using var request = ValidRequest(token: ReliabilityMcp.Core.Security.BearerTokenHash.ComputeHex(TestTokens.AgentToken));

        await AssertRejectedAsync(request, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/event-stream")]
    [InlineData("text/html")]
    public async Task Post_WithoutAcceptingBothMediaTypes_Returns406(string accept)
    {
        using var request = ValidRequest();
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));

        await AssertRejectedAsync(request, HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task Post_WithTextContentType_Returns415()
    {
        using var request = ValidRequest();
        request.Content = new StringContent(ServerStatusCall, Encoding.UTF8, "text/plain");

        await AssertRejectedAsync(request, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,""", -32700)]
    [InlineData("not json at all", -32700)]
    [InlineData("""{"id":1,"method":"ping"}""", -32600)]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"ping"}""", -32600)]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"ping"}]""", -32600)]
    [InlineData("null", -32600)]
    public async Task Post_WithMalformedBody_Returns400WithJsonRpcError(string body, int expectedCode)
    {
        using var request = ValidRequest(body: body);

        var response = await AssertRejectedAsync(request, HttpStatusCode.BadRequest);

        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestTimeouts.Token()));
        Assert.Equal("2.0", error.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Equal(expectedCode, error.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    // Issue 17 item 5: a repeated key used to reach a JsonObject's dictionary and throw ArgumentException (HTTP 500, empty body).
    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","method":"tools/call","params":{"name":"server_status"}}""", "")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"server_status","name":"server_status","arguments":{}}}""", "")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"server_status","arguments":{"a":1,"a":2}}}""", "")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"server_status","_meta":{"progressToken":1,"progressToken":2}}}""", "")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"server_status","name":"server_status","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""", "2026-07-28")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"server_status","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""", "2026-07-28")]
    public async Task Post_WithDuplicateKeys_Returns400WithJsonRpcInvalidRequest(string body, string protocolVersion)
    {
        using var request = ValidRequest(body: body);
        if (protocolVersion.Length > 0)
        {
            request.Headers.Add("MCP-Protocol-Version", protocolVersion);
            request.Headers.Add("Mcp-Method", "tools/call");
            request.Headers.Add("Mcp-Name", "server_status");
        }

        var response = await AssertRejectedAsync(request, HttpStatusCode.BadRequest);

        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestTimeouts.Token()));
        Assert.Equal(-32600, error.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("duplicate", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Post_WithUnsupportedProtocolVersionHeader_Returns400()
    {
        using var request = ValidRequest();
        request.Headers.Add("MCP-Protocol-Version", "1999-01-01");

        await AssertRejectedAsync(request, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Post_OnStandardHeadersRevisionWithMismatchedMethodHeader_Returns400HeaderMismatch()
    {
        using var request = ValidRequest(body: """
            {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"server_status","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}
            """);
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "tools/list");
        request.Headers.Add("Mcp-Name", "server_status");

        var response = await AssertRejectedAsync(request, HttpStatusCode.BadRequest);

        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestTimeouts.Token()));
        Assert.Equal(-32020, error.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_WithOversizedBody_Returns413(bool chunked)
    {
        var padding = new string('a', 1_100_000);
        using var request = ValidRequest(body: "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"padding\":\"" + padding + "\"}}");
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        await AssertRejectedAsync(request, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task SessionMethods_OnStatelessServer_Return405AllowingPost(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), Endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.AgentToken);
        request.Headers.Accept.ParseAdd("text/event-stream");

        var response = await AssertRejectedAsync(request, HttpStatusCode.MethodNotAllowed);

        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Post_Notification_Returns202WithoutBody()
    {
        using var request = ValidRequest(body: """{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        using var client = new HttpClient();

        using var response = await client.SendAsync(request, TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestTimeouts.Token()));
    }

    private HttpRequestMessage ValidRequest(string? token = TestTokens.AgentToken, string body = ServerStatusCall)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>Sends <paramref name="request"/>, expects <paramref name="expected"/>, then proves the server still serves a valid call.</summary>
    private async Task<HttpResponseMessage> AssertRejectedAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using var client = new HttpClient();
        var response = await client.SendAsync(request, TestTimeouts.Token());
        Assert.Equal(expected, response.StatusCode);
        // 405 and 415 come from routing (the SDK endpoint's methods and content types), before any MCP code, without a body.
        if (expected is not (HttpStatusCode.MethodNotAllowed or HttpStatusCode.UnsupportedMediaType))
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }

        using var valid = ValidRequest();
        using var after = await client.SendAsync(valid, TestTimeouts.Token());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains(TestTokens.AgentPrincipal, await after.Content.ReadAsStringAsync(TestTimeouts.Token()), StringComparison.Ordinal);
        return response;
    }
}
