using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using ReliabilityMcp.Redis.Resp;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Resp;

/// <summary>The client against a real Garnet, on both protocol versions.</summary>
public sealed class RespConnectionTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    // A Lua loop long enough (about a second here) to still be running when a short timeout fires.
    private const string BusyScript = "local i = 0 while i < 30000000 do i = i + 1 end return i";

    // Three seconds by the store's clock, however fast or loaded the machine: outlasts a 500 ms timeout even when the
    // timeout sweep runs late (an iteration-count loop of "about two seconds" once finished first on a loaded CI run).
    private const string LongBusyScript =
        "local t = redis.call('TIME') local stop = t[1] * 1000000 + t[2] + 3000000 " +
        "repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] >= stop return 1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<RespConnection> ConnectAsync(int protocol, Action<StoreConnectionOptions>? configure = null)
    {
        var options = garnet.Options(protocol);
        configure?.Invoke(options);
        return RespConnection.ConnectAsync(options, cancellationToken: Ct);
    }

    private static string Key(string name) => $"resp-test:{name}:{Guid.NewGuid():N}";

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ConnectAsync_RequestedProtocol_IsNegotiated(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);

        Assert.True(sut.IsConnected);
        Assert.Equal(protocol, sut.Protocol);
        var info = (await sut.ExecuteAsync("CLIENT", ["INFO"], Ct)).AsString()!;
        Assert.Contains("resp=" + protocol.ToString(CultureInfo.InvariantCulture), info, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ExecuteAsync_SetThenGet_ReturnsBulkStringAndNullWhenMissing(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);
        var key = Key("get");

        var set = await sut.ExecuteAsync("SET", [key, "välue"], Ct);
        var get = await sut.ExecuteAsync("GET", [key], Ct);
        var missing = await sut.ExecuteAsync("GET", [Key("missing")], Ct);

        Assert.Equal(RespKind.SimpleString, set.Kind);
        Assert.Equal("OK", set.AsString());
        Assert.Equal(RespKind.BulkString, get.Kind);
        Assert.Equal("välue", get.AsString());
        Assert.True(missing.IsNull);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ExecuteAsync_BinaryValue_RoundTripsExactly(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);
        var key = Key("binary");
        var value = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();

        await sut.ExecuteAsync("SET", [key, value], Ct);
        var reply = await sut.ExecuteAsync("GET", [key], Ct);

        Assert.Equal(value, reply.AsBytes().ToArray());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ExecuteAsync_Integers_AreIntegerReplies(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);
        var key = Key("incr");

        var first = await sut.ExecuteAsync("INCRBY", [key, 41L], Ct);
        var second = await sut.ExecuteAsync("INCR", [key], Ct);

        Assert.Equal(RespKind.Integer, second.Kind);
        Assert.Equal(41, first.AsInt64());
        Assert.Equal(42, second.AsInt64());
    }

    [Theory]
    [InlineData(2, RespKind.Array)]
    [InlineData(3, RespKind.Map)]
    public async Task ExecuteAsync_HashGetAll_IsMapOnResp3AndFlatArrayOnResp2(int protocol, RespKind expected)
    {
        await using var sut = await ConnectAsync(protocol);
        var key = Key("hash");
        await sut.ExecuteAsync("HSET", [key, "a", "1", "b", "2"], Ct);

        var reply = await sut.ExecuteAsync("HGETALL", [key], Ct);

        Assert.Equal(expected, reply.Kind);
        var pairs = reply.AsPairs().ToDictionary(p => p.Key.AsString()!, p => p.Value.AsInt64());
        Assert.Equal(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 }, pairs);
    }

    [Theory]
    [InlineData(2, RespKind.Array)]
    [InlineData(3, RespKind.Set)]
    public async Task ExecuteAsync_SetMembers_IsSetOnResp3AndArrayOnResp2(int protocol, RespKind expected)
    {
        await using var sut = await ConnectAsync(protocol);
        var key = Key("set");
        await sut.ExecuteAsync("SADD", [key, "x", "y"], Ct);

        var reply = await sut.ExecuteAsync("SMEMBERS", [key], Ct);

        Assert.Equal(expected, reply.Kind);
        Assert.Equal(["x", "y"], reply.AsArray().ToArray().Select(v => v.AsString()).Order());
    }

    [Theory]
    [InlineData(2, RespKind.BulkString)]
    [InlineData(3, RespKind.Double)]
    public async Task ExecuteAsync_SortedSetScores_AreDoublesIncludingInfinities(int protocol, RespKind expected)
    {
        await using var sut = await ConnectAsync(protocol);
        var key = Key("zset");
        await sut.ExecuteAsync("ZADD", [key, 1.5, "m", double.PositiveInfinity, "top", double.NegativeInfinity, "bottom"], Ct);

        var score = await sut.ExecuteAsync("ZSCORE", [key, "m"], Ct);
        var top = await sut.ExecuteAsync("ZSCORE", [key, "top"], Ct);
        var bottom = await sut.ExecuteAsync("ZSCORE", [key, "bottom"], Ct);
        var withScores = await sut.ExecuteAsync("ZRANGE", [key, 0, -1, "WITHSCORES"], Ct);

        Assert.Equal(expected, score.Kind);
        Assert.Equal(1.5, score.AsDouble());
        Assert.Equal(double.PositiveInfinity, top.AsDouble());
        Assert.Equal(double.NegativeInfinity, bottom.AsDouble());
        Assert.Equal(RespKind.Array, withScores.Kind);
        Assert.Contains(withScores.AsArray().ToArray(), v => v.IsAggregate
            ? v[0].AsString() == "m" && v[1].AsDouble() == 1.5
            : v.AsString() == "m");
    }

    [Theory]
    [InlineData(2, RespKind.Integer)]
    [InlineData(3, RespKind.Boolean)]
    public async Task ExecuteAsync_LuaBoolean_IsBooleanOnResp3AndIntegerOnResp2(int protocol, RespKind expected)
    {
        await using var sut = await ConnectAsync(protocol);

        var reply = await sut.ExecuteAsync("EVAL", ["redis.setresp(3); return true", 0], Ct);

        Assert.Equal(expected, reply.Kind);
        Assert.True(reply.AsBoolean());
    }

    [Theory]
    [InlineData(2, RespKind.BulkString)]
    [InlineData(3, RespKind.VerbatimString)]
    public async Task ExecuteAsync_ClientInfo_IsVerbatimOnResp3(int protocol, RespKind expected)
    {
        await using var sut = await ConnectAsync(protocol);

        var reply = await sut.ExecuteAsync("CLIENT", ["INFO"], Ct);

        Assert.Equal(expected, reply.Kind);
        Assert.Contains("resp=" + protocol.ToString(CultureInfo.InvariantCulture), reply.AsString(), StringComparison.Ordinal);
        if (expected == RespKind.VerbatimString)
        {
            Assert.Equal("txt", reply.VerbatimFormat);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ExecuteAsync_BlockingPopTimeout_IsNull(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);

        var reply = await sut.ExecuteAsync("BLPOP", [Key("empty-list"), 0.05], Ct);

        Assert.True(reply.IsNull);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ExecuteAsync_NestedLuaReply_IsNestedArray(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);

        var reply = await sut.ExecuteAsync("EVAL", ["return {1, 'two', {3, {'four'}}}", 0], Ct);

        Assert.Equal(1, reply[0].AsInt64());
        Assert.Equal("two", reply[1].AsString());
        Assert.Equal("four", reply[2][1][0].AsString());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ExecuteAsync_ErrorReply_ThrowsCommandExceptionAndConnectionStaysUsable(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);
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
    public async Task ExecuteAsync_SixtyFourConcurrentCallers_EachGetTheirOwnValues(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);
        var prefix = Key("pipeline");

        var callers = Enumerable.Range(0, 64).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var key = $"{prefix}:{caller}:{i % 10}";
                var value = $"{caller}-{i}-{Guid.NewGuid():N}";
                var set = sut.ExecuteAsync("SET", [key, value], Ct);
                var get = sut.ExecuteAsync("GET", [key], Ct);
                Assert.Equal("OK", (await set).AsString());
                Assert.Equal(value, (await get).AsString());
            }
        }, Ct));

        await Task.WhenAll(callers);
        Assert.Equal(0, sut.DiscardedReplies);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ExecuteAsync_SlowCommandTimesOut_LaterRepliesStayInStep(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);
        var key = Key("after-timeout");
        await sut.ExecuteAsync("SET", [key, "expected"], Ct);

        var slow = sut.ExecuteAsync("EVAL", [LongBusyScript, 0], TimeSpan.FromMilliseconds(500), Ct);
        var ex = await Assert.ThrowsAsync<TimeoutException>(async () => await slow);
        // GET queues behind the still-running script; its own timeout is generous because the subject here is
        // ordering, not speed (a loaded CI machine can stretch the busy loop past the default 5 s).
        var get = await sut.ExecuteAsync("GET", [key], TimeSpan.FromSeconds(60), Ct);
        var ping = await sut.ExecuteAsync("PING", [], TimeSpan.FromSeconds(60), Ct);

        // The EVAL's reply arrived after its caller was released, and was read and dropped, not handed to GET.
        Assert.Contains("EVAL", ex.Message, StringComparison.Ordinal);
        Assert.Equal("expected", get.AsString());
        Assert.Equal("PONG", ping.AsString());
        Assert.Equal(1, sut.DiscardedReplies);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ExecuteAsync_SlowCommandCancelled_LaterRepliesStayInStep(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);
        var key = Key("after-cancel");
        await sut.ExecuteAsync("SET", [key, "expected"], Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var slow = sut.ExecuteAsync("EVAL", [BusyScript, 0], cts.Token);
        var queuedBehind = sut.ExecuteAsync("INCR", [key + ":n"], cts.Token);

        // Cancel only once both are on the wire, so both replies must be read and dropped.
        await Poll.UntilAsync(() => sut.AwaitingReplyCount == 2, "both commands are written");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await slow);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await queuedBehind);
        // Generous timeouts: these queue behind the busy script, and the subject is ordering, not speed.
        var get = await sut.ExecuteAsync("GET", [key], TimeSpan.FromSeconds(60), Ct);
        var counter = await sut.ExecuteAsync("GET", [key + ":n"], TimeSpan.FromSeconds(60), Ct);

        Assert.Equal("expected", get.AsString());
        Assert.Equal("1", counter.AsString());
        Assert.Equal(2, sut.DiscardedReplies);
    }

    [Fact]
    public async Task ExecuteAsync_AlreadyCancelledToken_FailsWithoutSending()
    {
        await using var sut = await ConnectAsync(3);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await sut.ExecuteAsync("SET", [Key("never"), "x"], new CancellationToken(canceled: true)));

        Assert.Equal(0, sut.PendingCount);
    }

    [Theory]
    [InlineData("SELECT")]
    [InlineData("subscribe")]
    [InlineData("MONITOR")]
    [InlineData("HELLO")]
    public async Task ExecuteAsync_ConnectionStateCommand_IsRefused(string command)
    {
        await using var sut = await ConnectAsync(3);

        Assert.Throws<NotSupportedException>(() => sut.ExecuteAsync(command, ["1"], Ct));
        Assert.Throws<NotSupportedException>(() => sut.ExecuteAsync("CLIENT", ["REPLY", "OFF"], Ct));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task EvalAsync_AfterScriptFlush_ReloadsAndRuns(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);
        var script = new LuaScript($"-- {Guid.NewGuid():N}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])");
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
        await using var sut = await ConnectAsync(3);
        var script = new LuaScript("return redis.call('NOSUCHCOMMAND')");

        await Assert.ThrowsAsync<StoreCommandException>(async () => await sut.EvalAsync(script, [], [], Ct));
        Assert.Equal("PONG", (await sut.ExecuteAsync("PING", [], Ct)).AsString());
    }

    [Fact]
    public async Task ConnectAsync_WrongPassword_FailsWithAuthenticationMessage()
    {
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => ConnectAsync(3, o => o.Password = "not-the-password"));

        Assert.Contains("authentication failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("WRONGPASS", ex.Message, StringComparison.Ordinal);
        Assert.Contains(garnet.Garnet.Port.ToString(CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ConnectAsync_NoPasswordForProtectedStore_SaysAuthenticationIsRequired(int protocol)
    {
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => ConnectAsync(protocol, o => o.Password = null));

        Assert.Contains("requires authentication", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ConnectAsync_DefaultDatabase_IsSelected(int protocol)
    {
        await using var databaseOne = await ConnectAsync(protocol, o => o.DefaultDatabase = 1);
        await using var databaseZero = await ConnectAsync(protocol);
        var key = Key("db");

        await databaseOne.ExecuteAsync("SET", [key, "in-one"], Ct);

        Assert.Equal("in-one", (await databaseOne.ExecuteAsync("GET", [key], Ct)).AsString());
        Assert.True((await databaseZero.ExecuteAsync("GET", [key], Ct)).IsNull);
    }

    [Fact]
    public async Task ConnectAsync_DatabaseOutOfRange_FailsWithClearMessage()
    {
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() => ConnectAsync(3, o => o.DefaultDatabase = 999));

        Assert.Contains("database 999", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ConnectAsync_ClientName_IsSet(int protocol)
    {
        await using var sut = await ConnectAsync(protocol, o => o.ClientName = "reliabilitymcp-test");

        Assert.Equal("reliabilitymcp-test", (await sut.ExecuteAsync("CLIENT", ["GETNAME"], Ct)).AsString());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ExecuteAsync_VectorSet_AddThenSimilarityReturnsNearestWithScores(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);
        var key = Key("vectors");
        await sut.ExecuteAsync("VADD", [key, "VALUES", 3, 1.0, 0.0, 0.0, "east"], Ct);
        await sut.ExecuteAsync("VADD", [key, "VALUES", 3, 0.0, 1.0, 0.0, "north"], Ct);
        await sut.ExecuteAsync("VADD", [key, "VALUES", 3, 0.9, 0.1, 0.0, "east-ish"], Ct);

        var names = await sut.ExecuteAsync("VSIM", [key, "VALUES", 3, 1.0, 0.0, 0.0, "COUNT", 2], Ct);
        var scored = await sut.ExecuteAsync("VSIM", [key, "VALUES", 3, 1.0, 0.0, 0.0, "WITHSCORES", "COUNT", 2], Ct);
        var count = await sut.ExecuteAsync("VCARD", [key], Ct);

        Assert.Equal(["east", "east-ish"], names.AsArray().ToArray().Select(v => v.AsString()));
        Assert.Equal(protocol == 3 ? RespKind.Map : RespKind.Array, scored.Kind);
        var scores = scored.AsPairs().ToDictionary(p => p.Key.AsString()!, p => p.Value.AsDouble());
        Assert.Equal(0.0, scores["east"]);
        Assert.True(scores["east-ish"] > 0);
        Assert.Equal(3, count.AsInt64());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task PingAsync_Connected_ReturnsRoundTrip(int protocol)
    {
        await using var sut = await ConnectAsync(protocol);

        var roundTrip = await sut.PingAsync(Ct);

        Assert.True(roundTrip >= TimeSpan.Zero);
    }

    [Fact]
    public async Task ExecuteAsync_WithListeners_RecordsMetricsAndSpans()
    {
        var measurements = new ConcurrentBag<(string Instrument, object? ErrorType)>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StoreDiagnostics.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            measurements.Add((instrument.Name, Tag(tags, "error.type"))));
        meterListener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
            measurements.Add((instrument.Name, Tag(tags, "error.type"))));
        meterListener.Start();
        var spans = new ConcurrentBag<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StoreDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(activityListener);
        await using var sut = await ConnectAsync(3);
        var marker = Key("metrics");

        await sut.ExecuteAsync("SET", [marker, "1"], Ct);
        await Assert.ThrowsAsync<StoreCommandException>(async () => await sut.ExecuteAsync("HGET", [marker, "f"], Ct));

        Assert.Contains(measurements, m => m.Instrument == "reliabilitymcp.store.commands");
        Assert.Contains(measurements, m => m.Instrument == "reliabilitymcp.store.command.duration");
        Assert.Contains(measurements, m => m.Instrument == "reliabilitymcp.store.errors" && (string?)m.ErrorType == "server");
        Assert.Contains(spans, s => s.OperationName == "HGET" && s.Status == ActivityStatusCode.Error);
        Assert.Null(Activity.Current);

        static object? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == name)
                {
                    return tag.Value;
                }
            }

            return null;
        }
    }

    [Fact]
    public async Task DisposeAsync_ThenExecute_ThrowsObjectDisposed()
    {
        var sut = await ConnectAsync(3);

        await sut.DisposeAsync();

        Assert.False(sut.IsConnected);
        Assert.Throws<ObjectDisposedException>(() => sut.ExecuteAsync("PING", [], Ct));
    }
}
