using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>
/// Speaks the AppHost control API (<c>/resources</c>): bearer token from configuration, a timeout per call, a bounded
/// body, and answers instead of exceptions. The token goes into the Authorization header and nowhere else.
/// </summary>
internal sealed class ProcessControlClient(IHttpClientFactory http, IConfiguration configuration, TimeProvider time)
{
    /// <summary>Name of the HttpClient (no client-side timeout: each call brings its own).</summary>
    public const string HttpClientName = "process-control";

    /// <summary>Configuration key of the token every process executor falls back to (the AppHost sets <c>ProcessControl__Token</c>).</summary>
    public const string SharedTokenKey = "ProcessControl:Token";

    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>JSON as the control API writes it (camelCase).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Configuration key of one executor's own token.</summary>
    public static string TokenKey(string executor) => $"Executors:{executor}:Token";

    /// <summary>The error when neither key holds a token.</summary>
    public static string MissingToken(string? executor) => executor is null
        ? $"no token configured at {SharedTokenKey} (environment ProcessControl__Token, set by the AppHost)"
        : $"no token configured at {TokenKey(executor)} (environment Executors__{executor}__Token) or {SharedTokenKey} (ProcessControl__Token, set by the AppHost); the call is never sent without one";

    /// <summary><c>{baseUrl}/resources[/{name}[/{operation}]]</c>.</summary>
    public static string ResourceUrl(string baseUrl, string? name = null, string? operation = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var url = baseUrl.TrimEnd('/') + "/resources";
        if (name is not null)
        {
            url += "/" + Uri.EscapeDataString(name);
        }

        return operation is null ? url : url + "/" + operation;
    }

    /// <summary><c>Executors:&lt;name&gt;:Token</c>, else <c>ProcessControl:Token</c>, else null.</summary>
    public string? TokenFor(string? executor) =>
        executor is not null && configuration[TokenKey(executor)] is { Length: > 0 } own ? own
            : configuration[SharedTokenKey] is { Length: > 0 } shared ? shared : null;

    /// <summary>Sends one call. Never throws for transport failures or timeouts: they are in <see cref="ProcessControlAnswer.Failure"/>.</summary>
    public async Task<ProcessControlAnswer> SendAsync(HttpMethod method, string url, string token, object? body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            var (text, _) = await BoundedOutput.ReadAsync(stream, MaxBodyBytes, linked.Token).ConfigureAwait(false);
            return new ProcessControlAnswer((int)response.StatusCode, Parse(text), text, null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ProcessControlAnswer(null, null, "", $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            return new ProcessControlAnswer(null, null, "", $"could not reach the AppHost control API at {url}: {ex.Message}");
        }
    }

    private static JsonElement? Parse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
