namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>GET probe for HTTP health endpoints (<c>/health</c>, <c>/alive</c>).</summary>
internal static class HttpHealthCheck
{
    // Loopback probes must never go through an HTTP_PROXY from the user's environment.
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(2),
    })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Whether GET <paramref name="url"/> answers with a success status code.</summary>
    public static async Task<bool> IsHealthyAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout.
            return false;
        }
    }
}
