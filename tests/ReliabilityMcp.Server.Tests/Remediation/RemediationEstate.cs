using System.Diagnostics;
using ReliabilityMcp.Server.Tests.Chaos;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// What the exactly-once process tests share: the in-test webhook receiver, the remediation configuration, and settings
/// for real server processes (replicas) over one store and key prefix with a short execution lease.
/// </summary>
internal sealed class RemediationEstate : IAsyncDisposable
{
    /// <summary>The execution lease the servers run with: short, so a lapsed lease is settled within seconds.</summary>
    public const int LeaseSeconds = 5;

    private readonly ReliabilityConfigFile _config;
    private readonly List<ServerProcess> _servers = [];

    private RemediationEstate(WebhookReceiver receiver, ReliabilityConfigFile config, string? storeConnectionString)
    {
        Receiver = receiver;
        _config = config;
        Settings = RemediationTokens.Configuration();
        Settings["Reliability:ConfigPath"] = config.FilePath;
        Settings["Reliability:KeyPrefix"] = $"test-{Guid.NewGuid():N}";
        Settings["Reliability:StoreBudgetMilliseconds"] = "20000";
        // What these tests check is exactly once, not the 2 s fail-closed figure (its own tests use a paused store):
        // a loaded machine must not turn a slow store answer into a fail-closed denial before the webhook.
        Settings["Reliability:FailClosedBudgetMilliseconds"] = "20000";
        Settings["Executors:hook:Secret"] = RemediationConfig.WebhookSecret;
        Settings["Remediation:ExecutionLeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (storeConnectionString is not null)
        {
            Settings["ConnectionStrings:store"] = storeConnectionString;
        }
    }

    public WebhookReceiver Receiver { get; }

    public Dictionary<string, string?> Settings { get; }

    /// <summary>Real executions: deliveries of the execute phase.</summary>
    public IReadOnlyList<WebhookReceiver.Delivery> Executions => [.. Receiver.Deliveries.Where(d => d.Phase == "execute")];

    /// <summary>Starts the receiver (holding every delivery) and writes the configuration; the servers use <paramref name="storeConnectionString"/> or the assembly's store.</summary>
    public static async Task<RemediationEstate> StartAsync(string? storeConnectionString = null)
    {
        var receiver = await WebhookReceiver.StartAsync(RemediationConfig.WebhookSecret);
        receiver.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new RemediationEstate(receiver, ReliabilityConfigFile.Create(RemediationConfig.Text(receiver.BaseUrl, "/bin/true")), storeConnectionString);
    }

    /// <summary>Starts a server process (a replica) and waits until it answers.</summary>
    public async Task<ServerProcess> StartServerAsync(CancellationToken cancellationToken)
    {
        var server = ServerProcess.Start(Settings);
        _servers.Add(server);

        // Like ServerProcess.WaitReadyAsync, but a slow first answer on a loaded machine is "not yet", not a failure.
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Testing.Poll.UntilAsync(
            async ct =>
            {
                try
                {
                    using var response = await http.GetAsync(new Uri("alive", UriKind.Relative), ct);
                    return response.IsSuccessStatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    return false;
                }
            },
            up => up, "the server to start", cancellationToken);
        return server;
    }

    /// <summary>Waits until the receiver holds the first real execution.</summary>
    public Task<WebhookReceiver.Delivery> FirstExecutionAsync(CancellationToken cancellationToken) =>
        Testing.Poll.UntilAsync(_ => Task.FromResult(Executions.FirstOrDefault()), d => d is not null, "the webhook to be called", cancellationToken)!;

    /// <summary>
    /// The first real execution, started by <paramref name="call"/>; fails at once with the call's own answer when the
    /// call ends before the webhook was reached (a denial or an error says more than a timeout).
    /// </summary>
    public async Task<WebhookReceiver.Delivery> FirstExecutionOfAsync<T>(Task<T> call, CancellationToken cancellationToken)
    {
        var delivery = FirstExecutionAsync(cancellationToken);
        if (await Task.WhenAny(delivery, call) == call && !delivery.IsCompleted)
        {
            var answer = call.IsCompletedSuccessfully ? System.Text.Json.JsonSerializer.Serialize(call.Result) : call.Exception?.GetBaseException().Message;
            Assert.Fail($"the call ended before the webhook was called: {answer}");
        }

        return await delivery;
    }

    /// <summary>An HTTP client for <paramref name="server"/>'s operator API with <paramref name="token"/>.</summary>
    public static HttpClient Api(ServerProcess server, string token)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Sends SIGSTOP or SIGCONT to <paramref name="pid"/> (a store the test started itself).</summary>
    public static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await Receiver.DisposeAsync();
        _config.Dispose();
    }
}
