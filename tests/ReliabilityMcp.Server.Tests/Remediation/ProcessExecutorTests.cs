using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Server.Remediation;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>The process executor against an in-test AppHost control API: what is sent, once, and what comes back.</summary>
public sealed class ProcessExecutorTests : IAsyncLifetime
{
    private const string Token = "ctl-7f3a9c1e5b2d48e6a0c4";
    private FakeControlPlane _plane = null!;
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        _plane = await FakeControlPlane.StartAsync(Token);
        _plane.Add("checkout");
        _plane.Add("store", controllable: false);
        _plane.Add("loadgen", scalable: true, maxReplicas: 4);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _plane.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_Restart_PostsOnceWithTheTokenAndReportsThePidBeforeAndAfter()
    {
        var sut = Executor(new() { ["ProcessControl:Token"] = Token });
        var pidBefore = _plane.PidOf("checkout");

        var step = await sut.RunAsync("apphost", Definition(ProcessOperation.Restart), ProcessOperation.Restart, "checkout", null, TestTimeouts.Token());

        Assert.True(step.Succeeded, step.Error);
        Assert.Equal(200, step.StatusCode);
        Assert.Equal("process", step.Kind);
        Assert.Equal(["POST", $"{_plane.BaseUrl}/resources/checkout/restart"], step.Invocation);
        var call = Assert.Single(_plane.CallsFor("checkout"));
        Assert.Equal(("POST", "restart", true), (call.Method, call.Operation, call.Authorized));
        using var output = JsonDocument.Parse(step.Output);
        Assert.Equal(pidBefore, output.RootElement.GetProperty("pidBefore").GetInt32());
        Assert.Equal(_plane.PidOf("checkout"), output.RootElement.GetProperty("pidAfter").GetInt32());
        Assert.NotEqual(pidBefore, _plane.PidOf("checkout"));
        Assert.Equal(1, output.RootElement.GetProperty("restarts").GetInt32());
        Assert.DoesNotContain(Token, step.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EveryLogLevel_NeverContainsTheToken()
    {
        var logs = new CapturedLogs();
        var sut = Executor(new() { ["ProcessControl:Token"] = Token }, logs);

        await sut.RunAsync("apphost", Definition(ProcessOperation.Stop), ProcessOperation.Stop, "checkout", null, TestTimeouts.Token());
        await sut.RunAsync("apphost", Definition(ProcessOperation.Restart), ProcessOperation.Restart, "store", null, TestTimeouts.Token());

        // The HttpClient factory logs requests (and headers at Trace): the executor's own lines and those must be there, the token not.
        Assert.Contains(logs.Messages, m => m.Contains("Process executor apphost: stop checkout answered 200", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("Authorization", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ExecutorTokenAndSharedToken_TheExecutorsOwnIsSent()
    {
        var sut = Executor(new() { ["ProcessControl:Token"] = "shared-but-wrong", ["Executors:apphost:Token"] = Token });

        var step = await sut.RunAsync("apphost", Definition(ProcessOperation.Restart), ProcessOperation.Restart, "checkout", null, TestTimeouts.Token());

        Assert.True(step.Succeeded, step.Error);
        Assert.True(Assert.Single(_plane.CallsFor("checkout")).Authorized);
    }

    [Fact]
    public async Task RunAsync_NoTokenConfigured_FailsNamingBothKeysAndSendsNothing()
    {
        var sut = Executor([]);

        var step = await sut.RunAsync("apphost", Definition(ProcessOperation.Restart), ProcessOperation.Restart, "checkout", null, TestTimeouts.Token());

        Assert.False(step.Succeeded);
        Assert.Contains("Executors:apphost:Token", step.Error, StringComparison.Ordinal);
        Assert.Contains("ProcessControl:Token", step.Error, StringComparison.Ordinal);
        Assert.Contains("never sent", step.Error, StringComparison.Ordinal);
        Assert.Empty(_plane.Calls);
    }

    [Fact]
    public async Task RunAsync_WrongToken_FailedStepWith401AndNothingChanged()
    {
        var sut = Executor(new() { ["ProcessControl:Token"] = "not-the-token" });
        var pidBefore = _plane.PidOf("checkout");

        var step = await sut.RunAsync("apphost", Definition(ProcessOperation.Restart), ProcessOperation.Restart, "checkout", null, TestTimeouts.Token());

        Assert.False(step.Succeeded);
        Assert.Equal(401, step.StatusCode);
        Assert.Equal("the AppHost answered 401 to restart checkout: a valid bearer token is required", step.Error);
        Assert.Equal(pidBefore, _plane.PidOf("checkout"));
        Assert.DoesNotContain("not-the-token", step.Error + step.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownTarget_FailedStepWithTheProblemDetail()
    {
        var sut = Executor(new() { ["ProcessControl:Token"] = Token });

        var step = await sut.RunAsync("apphost", Definition(ProcessOperation.Restart), ProcessOperation.Restart, "ghost", null, TestTimeouts.Token());

        Assert.False(step.Succeeded);
        Assert.Equal(404, step.StatusCode);
        Assert.Equal("the AppHost answered 404 to restart ghost: the AppHost manages no resource named 'ghost'", step.Error);
    }

    [Fact]
    public async Task RunAsync_NotControllable_FailedStepWith409()
    {
        var sut = Executor(new() { ["ProcessControl:Token"] = Token });

        var step = await sut.RunAsync("apphost", Definition(ProcessOperation.Stop), ProcessOperation.Stop, "store", null, TestTimeouts.Token());

        Assert.False(step.Succeeded);
        Assert.Equal(409, step.StatusCode);
        Assert.Equal("the AppHost answered 409 to stop store: 'store' is not controllable through the AppHost", step.Error);
        Assert.NotNull(_plane.PidOf("store"));
    }

    [Fact]
    public async Task RunAsync_Scale_SendsTheReplicaCountAndReportsTheCountBefore()
    {
        var sut = Executor(new() { ["ProcessControl:Token"] = Token });
        var definition = Definition(ProcessOperation.Scale) with { Replicas = "{param.replicas}" };

        var step = await sut.RunAsync("apphost", definition, ProcessOperation.Scale, "loadgen", 3, TestTimeouts.Token());

        Assert.True(step.Succeeded, step.Error);
        Assert.Equal(["POST", $"{_plane.BaseUrl}/resources/loadgen/scale", "replicas=3"], step.Invocation);
        var post = Assert.Single(_plane.CallsFor("loadgen"), c => c.Method == "POST");
        Assert.Equal(3, JsonDocument.Parse(post.Body).RootElement.GetProperty("replicas").GetInt32());
        using var output = JsonDocument.Parse(step.Output);
        Assert.Equal(1, output.RootElement.GetProperty("replicasBefore").GetInt32());
        Assert.Equal(3, output.RootElement.GetProperty("replicasAfter").GetInt32());
    }

    [Fact]
    public async Task RunAsync_NoAnswerWithinTheTimeout_FailedStepSayingTheAppHostMayStillFinish()
    {
        var sut = Executor(new() { ["ProcessControl:Token"] = Token });
        _plane.Hang["checkout"] = true;

        var step = await sut.RunAsync("apphost", Definition(ProcessOperation.Restart) with { TimeoutSeconds = 1 }, ProcessOperation.Restart, "checkout", null, TestTimeouts.Token());

        Assert.False(step.Succeeded);
        Assert.Null(step.StatusCode);
        Assert.Equal("restart checkout: no answer within 1 s; the AppHost may still finish the restart", step.Error);
        Assert.Single(_plane.CallsFor("checkout"));
    }

    [Fact]
    public async Task RunAsync_AppHostNotListening_FailedStepSayingItCouldNotBeReached()
    {
        var sut = Executor(new() { ["ProcessControl:Token"] = Token });
        var closed = ClosedPort.Url();

        var step = await sut.RunAsync("apphost", Definition(ProcessOperation.Restart) with { Url = closed }, ProcessOperation.Restart, "checkout", null, TestTimeouts.Token());

        Assert.False(step.Succeeded);
        Assert.StartsWith($"restart checkout: could not reach the AppHost control API at {closed}/resources/checkout/restart", step.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRunAsync_ManagedNotControllableAndUnknownTargets_SayWhichWouldBeAccepted()
    {
        var sut = Executor(new() { ["ProcessControl:Token"] = Token });
        var definition = Definition(ProcessOperation.Restart);

        var managed = await sut.DryRunAsync("apphost", definition, ProcessOperation.Restart, "checkout", null, TestTimeouts.Token());
        var fixedResource = await sut.DryRunAsync("apphost", definition, ProcessOperation.Restart, "store", null, TestTimeouts.Token());
        var unknown = await sut.DryRunAsync("apphost", definition, ProcessOperation.Restart, "ghost", null, TestTimeouts.Token());

        Assert.True(managed.Succeeded, managed.Error);
        Assert.Equal(["GET", $"{_plane.BaseUrl}/resources/checkout"], managed.Invocation);
        using (var output = JsonDocument.Parse(managed.Output))
        {
            Assert.True(output.RootElement.GetProperty("managed").GetBoolean());
            Assert.True(output.RootElement.GetProperty("controllable").GetBoolean());
            Assert.Equal(_plane.PidOf("checkout"), output.RootElement.GetProperty("pid").GetInt32());
        }

        Assert.False(fixedResource.Succeeded);
        Assert.Equal("'store' is managed by the AppHost but not controllable, so restart would be refused (409)", fixedResource.Error);
        Assert.False(unknown.Succeeded);
        Assert.StartsWith($"the AppHost at {_plane.BaseUrl} does not manage 'ghost', so restart would fail (404)", unknown.Error, StringComparison.Ordinal);
        Assert.All(_plane.Calls, c => Assert.Equal("GET", c.Method));
    }

    private ProcessExecutorDefinition Definition(ProcessOperation operation) => new() { Url = _plane.BaseUrl, Operation = operation, TimeoutSeconds = 30 };

    private ProcessExecutor Executor(Dictionary<string, string?> settings, CapturedLogs? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(TimeProvider.System);
        services.AddHttpClient(ProcessControlClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<ProcessControlClient>();
        services.AddSingleton<ProcessExecutor>();
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<ProcessExecutor>();
    }
}
