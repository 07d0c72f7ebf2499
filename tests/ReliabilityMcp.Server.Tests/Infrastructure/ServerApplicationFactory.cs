using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Infrastructure;

/// <summary>The real server on a loopback Kestrel, with this assembly's store and a generous store budget by default.</summary>
public sealed class ServerApplicationFactory(IReadOnlyDictionary<string, string?> settings) : LoopbackServerFactory<Program>(settings)
{
    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var effective = new Dictionary<string, string?>(base.Settings);
            // Every server under test uses the assembly's real store unless the test names another.
            effective.TryAdd("ConnectionStrings:store", TestStore.ConnectionString);
            // Tests assert what is decided, not the 1.5 s fail-closed budget (its own tests use a dead store): keep a
            // loaded CI machine from turning a slow counter read into "state unknown".
            effective.TryAdd("Reliability:StoreBudgetMilliseconds", "20000");
            return effective;
        }
    }

    /// <summary>An HTTP client for this server sending <paramref name="token"/> as a bearer token (none when null).</summary>
    public HttpClient CreateBearerClient(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}
