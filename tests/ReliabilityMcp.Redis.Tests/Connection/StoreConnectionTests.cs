using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Connection;

/// <summary>The store connection on StackExchange.Redis against a real Garnet: the failure model the stores rely on.</summary>
public sealed class StoreConnectionTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    // Three seconds by the store's clock, however fast or loaded the machine.
    private const string LongBusyScript =
        "local t = redis.call('TIME') local stop = t[1] * 1000000 + t[2] + 3000000 " +
        "repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] >= stop return 1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Key(string name) => $"connection-test:{name}:{Guid.NewGuid():N}";

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ConnectAsync_RequestedProtocol_IsNegotiated(int protocol)
    {
        await using var sut = await StoreConnection.ConnectAsync(garnet.ConnectionStringFor(protocol), Ct);

        Assert.True(sut.IsConnected);
        Assert.Equal(protocol, sut.Protocol);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ExecuteAsync_ErrorReply_ThrowsCommandExceptionAndConnectionStaysUsable(int protocol)
    {
        await using var sut = await StoreConnection.ConnectAsync(garnet.ConnectionStringFor(protocol), Ct);
        var key = Key("wrongtype");
        await sut.ExecuteAsync("SADD", [key, "x"], Ct);

        var ex = await Assert.ThrowsAsync<StoreCommandException>(async () => await sut.ExecuteAsync("GET", [key], Ct));
        var custom = await Assert.ThrowsAsync<StoreCommandException>(async () => await sut.ExecuteAsync("EVAL", ["return {err='MYERR boom'}", 0], Ct));

        Assert.Equal("WRONGTYPE", ex.ErrorCode);
        Assert.Equal("GET", ex.Command);
        Assert.Equal("MYERR", custom.ErrorCode);
        Assert.Equal("PONG", (await sut.ExecuteAsync("PING", [], Ct)).AsString());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task EvalAsync_AfterScriptFlush_ReloadsAndRuns(int protocol)
    {
        await using var sut = await StoreConnection.ConnectAsync(garnet.ConnectionStringFor(protocol), Ct);
        var script = new StoreScript($"-- {Guid.NewGuid():N}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])");
        var key = Key("lua");

        var first = await sut.EvalAsync(script, [key], [5], Ct);
        await sut.ExecuteAsync("SCRIPT", ["FLUSH"], Ct);
        var second = await sut.EvalAsync(script, [key], [2], Ct);

        Assert.Equal(5, first.AsInt64());
        Assert.Equal(7, second.AsInt64());
    }

    [Fact]
    public async Task EvalAsync_ScriptError_ThrowsCommandException()
    {
        await using var sut = await StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);
        var script = new StoreScript("return redis.call('NOSUCHCOMMAND')");

        await Assert.ThrowsAsync<StoreCommandException>(async () => await sut.EvalAsync(script, [], [], Ct));
        Assert.Equal("PONG", (await sut.ExecuteAsync("PING", [], Ct)).AsString());
    }

    [Fact]
    public async Task ConnectAsync_WrongPassword_FailsSayingCredentialsWithoutThePassword()
    {
        var text = WithPassword(garnet.ConnectionString, "not-the-password");

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => StoreConnection.ConnectAsync(text, Ct));

        Assert.Contains("credentials", ex.Message, StringComparison.Ordinal);
        Assert.Contains(garnet.Garnet.Port.ToString(CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NoPasswordForProtectedStore_SaysAuthenticationIsRequired()
    {
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => StoreConnection.ConnectAsync($"{garnet.Garnet.Host}:{garnet.Garnet.Port}", Ct));

        Assert.Contains("authentication", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_StoreDown_FailsAtOnceAsUnavailable()
    {
        await using var sut = StoreConnection.Create($"127.0.0.1:{Redis.Embedded.LoopbackPorts.Free()},connectTimeout=300");

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await sut.ExecuteAsync("GET", ["k"], Ct));

        Assert.StartsWith("The store at 127.0.0.1:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_DeadlineSpent_FailsWithoutSending()
    {
        await using var sut = await StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);
        var key = Key("deadline");
        var time = new ManualTime();
        using var deadline = StoreDeadline.Begin(TimeSpan.FromSeconds(1), time);
        time.Advance(TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<TimeoutException>(async () => await sut.ExecuteAsync("SET", [key, "1"], Ct));

        deadline.Dispose();
        Assert.Contains("budget", ex.Message, StringComparison.Ordinal);
        Assert.True((await sut.ExecuteAsync("GET", [key], Ct)).IsNull);
    }

    [Fact]
    public async Task EvalAsync_SlowerThanTheDeadline_FailsClosedAtTheDeadline()
    {
        await using var sut = await StoreConnection.ConnectAsync(garnet.ConnectionString + ",commandTimeout=10000", Ct);
        var slow = new StoreScript($"-- {Guid.NewGuid():N}\n{LongBusyScript}");
        using var deadline = StoreDeadline.Begin(TimeSpan.FromMilliseconds(300), TimeProvider.System);

        var ex = await Assert.ThrowsAsync<TimeoutException>(async () => await sut.EvalAsync(slow, [Key("busy")], [], Ct));

        Assert.Contains("budget", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_WithListener_RecordsASpanPerCommandUnderTheCaller()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is StoreDiagnostics.Name or "test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("test");
        await using var sut = await StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);
        var marker = Key("spans");

        using (var parent = source.StartActivity("tool call"))
        {
            await sut.ExecuteAsync("SET", [marker, "1"], Ct);
            await Assert.ThrowsAsync<StoreCommandException>(async () => await sut.ExecuteAsync("HGET", [marker, "f"], Ct));
            Assert.Same(parent, Activity.Current);
        }

        var toolCall = Assert.Single(spans, s => s.OperationName == "tool call");
        Assert.Contains(spans, s => s.OperationName == "SET" && s.ParentSpanId == toolCall.SpanId);
        Assert.Contains(spans, s => s.OperationName == "HGET" && s.Status == ActivityStatusCode.Error);
    }

    [Theory]
    [InlineData("NOAUTH Authentication required.")] // Garnet, Redis 7
    [InlineData("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time")] // Redis 8
    public void Map_NoAuthFromEitherStore_IsUnavailableSayingAuthenticationIsRequired(string reply)
    {
        var mapped = StoreConnection.Map("10.0.0.1:6379", "HELLO", new StackExchange.Redis.RedisServerException(StackExchange.Redis.RedisErrorKind.NoAuth, StackExchange.Redis.CommandFlags.None, reply));

        var ex = Assert.IsType<StoreUnavailableException>(mapped);
        Assert.Contains("requires authentication", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_BusyScriptOnRedis_IsUnavailableNotACommandError()
    {
        var mapped = StoreConnection.Map("10.0.0.1:6379", "EVALSHA",
            new StackExchange.Redis.RedisServerException(StackExchange.Redis.RedisErrorKind.Busy, StackExchange.Redis.CommandFlags.None, "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSCRIPT."));

        var ex = Assert.IsType<StoreUnavailableException>(mapped);
        Assert.Contains("BUSY", ex.Message, StringComparison.Ordinal);
    }

    private static string WithPassword(string connectionString, string password) =>
        string.Join(',', connectionString.Split(',').Select(p => p.StartsWith("password=", StringComparison.Ordinal) ? $"password={password}" : p));

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
