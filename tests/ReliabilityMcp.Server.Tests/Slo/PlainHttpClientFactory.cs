namespace ReliabilityMcp.Server.Tests.Slo;

/// <summary>Hands out plain <see cref="HttpClient"/>s, for constructing the scraper outside the host.</summary>
internal sealed class PlainHttpClientFactory : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new() { Timeout = TimeSpan.FromSeconds(10) };
}
