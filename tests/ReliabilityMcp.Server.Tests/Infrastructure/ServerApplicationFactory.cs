using Microsoft.Extensions.Logging;
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
            effective.TryAdd("Reliability:FailClosedBudgetMilliseconds", "20000");
            return effective;
        }
    }

    /// <summary>
    /// Starts a server with the test tokens, its own key prefix and <paramref name="store"/> (a connection string) as its
    /// store, plus <paramref name="settings"/>; <paramref name="logs"/> hears everything it logs from the start.
    /// </summary>
    public static ServerApplicationFactory StartOn(string store, ILoggerProvider? logs = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var effective = TestTokens.Configuration();
        effective["ConnectionStrings:store"] = store;
        effective["Reliability:KeyPrefix"] = $"test-{Guid.NewGuid():N}";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            effective[key] = value;
        }

        var server = new ServerApplicationFactory(effective) { LogCapture = logs };
        server.Start();
        return server;
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
