using System.Net;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Health;

public sealed class HealthEndpointTests(TokenServerFixture fixture) : IClassFixture<TokenServerFixture>
{
    [Theory]
    [InlineData("health")]
    [InlineData("alive")]
    public async Task Get_ProbeByIpHostWithoutToken_ReturnsHealthy(string path)
    {
        // Orchestrators and load balancers probe by IP and without credentials.
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Server.BaseAddress, path));
        request.Headers.Host = "10.0.0.7";

        using var response = await client.SendAsync(request, TestTimeouts.Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestTimeouts.Token()));
    }
}
