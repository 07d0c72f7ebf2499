using ReliabilityMcp.Server.Remediation;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Testing;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// Idempotency when the store fails mid-call, on a store of this class's own (it is paused and slowed): a store
/// paused after the webhook started, and a fail-closed denial caused by a slow store.
/// </summary>
public sealed class ExactlyOnceStoreFaultTests(GarnetFixture store) : IClassFixture<GarnetFixture>
{
    [Fact]
    public async Task StorePausedAfterTheWebhookStarted_AnswerSaysItExecuted_RetryAfterRecoveryDoesNotRunItAgain()
    {
        var ct = TestTimeouts.Token(TimeSpan.FromMinutes(3));
        await using var estate = await RemediationEstate.StartAsync(store.ConnectionString);
        var server = await estate.StartServerAsync(ct);
        await using var client = await McpClients.ConnectHttpAsync(server.McpEndpoint, RemediationTokens.AutonomousToken, McpClients.November2025, ct);
        var request = Request("restart", "web", extra: """, "idempotency_key": "paused-store-1" """);

        var call = CallAsync(client, request, ct);
        var execution = await estate.FirstExecutionAsync(ct);
        await RemediationEstate.SignalAsync(store.Garnet.ProcessId, "STOP");
        ModelContextProtocol.Protocol.CallToolResult answer;
        try
        {
            estate.Receiver.Hold!.TrySetResult();
            answer = await call;
        }
        finally
        {
            await RemediationEstate.SignalAsync(store.Garnet.ProcessId, "CONT");
        }

        var retry = Parse<ExecuteRemediationResult>(await ExactlyOnceProcessTests.RetryUntilAnsweredAsync(client, request, ct));

        Assert.True(answer.IsError != true, Text(answer));
        Assert.DoesNotContain("nothing was approved or executed", Text(answer), StringComparison.Ordinal);
        var sut = Parse<ExecuteRemediationResult>(answer);
        Assert.Equal(("executed", execution.ExecutionId), (sut.Status, sut.Execution!.ExecutionId));
        Assert.Equal((execution.ExecutionId, true), (retry.Execution!.ExecutionId, retry.IdempotentReplay));
        Assert.Single(estate.Executions);
    }

    [Fact]
    public async Task SlowStoreDenial_IsNotTheKeysResult_TheIdenticalRetryIsDecidedAfresh()
    {
        var ct = TestTimeouts.Token(TimeSpan.FromMinutes(2));
        await using var receiver = await WebhookReceiver.StartAsync(RemediationConfig.WebhookSecret);
        using var config = ReliabilityConfigFile.Create(RemediationConfig.Text(receiver.BaseUrl, "/bin/true"));
        await using var proxy = new SlowStoreProxy(store.Garnet.Host, store.Garnet.Port);
        var settings = RemediationTokens.Configuration();
        settings["Reliability:ConfigPath"] = config.FilePath;
        settings["Reliability:KeyPrefix"] = $"test-{Guid.NewGuid():N}";
        settings["Executors:hook:Secret"] = RemediationConfig.WebhookSecret;
        settings["ConnectionStrings:store"] = $"127.0.0.1:{proxy.Port},password={store.Garnet.Password}";
        settings["Reliability:StoreBudgetMilliseconds"] = "1500";
        await using var server = new ServerApplicationFactory(settings);
        server.Start();
        await using var client = await McpClients.ConnectHttpAsync(server.McpEndpoint, RemediationTokens.AutonomousToken, McpClients.November2025, ct);
        // Once, so the store has every script cached and the slow spell starts right after the key's claim.
        Assert.Equal("executed", (await ExecuteAsync(client, Request("restart", "web", extra: """, "idempotency_key": "warm-up-1" """), ct)).Status);
        var request = Request("restart", "web", extra: """, "idempotency_key": "slow-store-denial-1" """);

        proxy.Marker = "slow-store-denial-1";
        var denied = await ExecuteAsync(client, request, ct);
        var retried = await ExecuteAsync(client, request, ct);

        Assert.Equal("denied", denied.Status);
        Assert.NotNull(denied.StoreProblem);
        Assert.Equal(("executed", false), (retried.Status, retried.IdempotentReplay));
    }
}
