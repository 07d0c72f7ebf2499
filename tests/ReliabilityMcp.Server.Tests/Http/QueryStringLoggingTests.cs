using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ReliabilityMcp.Server.Tests.Chaos;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Http;

/// <summary>
/// Issue 17 item 6: a server process with its default console logging; tokens sent in query strings (refused with 401,
/// or ignored next to a valid bearer token) must not reach any log line, while the rest of the URL still does.
/// </summary>
public sealed class QueryStringLoggingTests
{
    private const string ServerStatusCall = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"server_status"}}""";

    [Fact]
    public async Task Requests_WithCredentialsInTheQueryString_AreLoggedWithTheValuesRedacted()
    {
        // A server process of its own: starting it may take a while on a loaded machine.
        var cancellationToken = TestTimeouts.Token(TestTimeouts.ExternalTool);
        var settings = new Dictionary<string, string?>(TestTokens.Configuration()) { ["Reliability:KeyPrefix"] = $"test-{Guid.NewGuid():N}" };
        await using var server = ServerProcess.Start(settings);
        await server.WaitReadyAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        string[] secrets = ["qs-access-7d1e4b9a2c", "qs-apikey-3a8f6c1d5e", "qs-sig-9c2e7a4f1b", "qs-password-5b1d8e3a7f"];

        using (var refused = await http.SendAsync(Post($"mcp?access_token={secrets[0]}&service=web&api_key={secrets[1]}", token: null), cancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var served = await http.SendAsync(Post($"mcp?X-Amz-Signature={secrets[2]}&password={secrets[3]}", TestTokens.AgentToken), cancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        // Lines are written in order; the last request's line being there means the first one's is too.
        await Testing.Poll.UntilAsync(() => server.Output.Contains("password=", StringComparison.Ordinal), "the last request's log line");
        var output = server.Output;
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, output, StringComparison.Ordinal));
        Assert.Contains("/mcp?access_token=[redacted]&service=web&api_key=[redacted] answered 401", output, StringComparison.Ordinal);
        Assert.Contains("/mcp?X-Amz-Signature=[redacted]&password=[redacted] answered 200", output, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Post(string target, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, UriKind.Relative))
        {
            Content = new StringContent(ServerStatusCall, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
