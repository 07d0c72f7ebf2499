using System.Collections.Concurrent;
using System.Globalization;
using FsCheck.Fluent;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Redis.Resp;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Resp;

/// <summary>The client against a scripted server: what a real store does not do, or does only when broken.</summary>
public sealed class RespConnectionFakeServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectAsync_ServerRefusesHello_FallsBackToAuthOnResp2()
    {
        await using var server = FakeRespServer.Start(async (client, ct) =>
        {
            await client.ReadCommandAsync(ct);
            await client.SendAsync("-ERR unknown command 'HELLO'\r\n", ct);
            await client.ReadCommandAsync(ct);
            await client.SendAsync("+OK\r\n", ct);
            await client.ReadCommandAsync(ct);
            await client.SendAsync("+PONG\r\n", ct);
            await client.ReadCommandAsync(ct);
            await client.SendAsync("$5\r\nhello\r\n", ct);
            await client.ReadCommandAsync(ct);
        });

        await using var sut = await RespConnection.ConnectAsync(server.Options(o => o.Password = "pw"), cancellationToken: Ct);
        var reply = await sut.ExecuteAsync("GET", ["k"], Ct);

        Assert.Equal(2, sut.Protocol);
        Assert.Equal("hello", reply.AsString());
        Assert.Equal(["HELLO 3 AUTH default pw", "AUTH pw", "PING", "GET k"], server.Commands);
    }

    [Fact]
    public async Task ConnectAsync_Resp2WithUserAndName_SendsAuthWithUserThenSetName()
    {
        await using var server = FakeRespServer.Start(async (client, ct) =>
        {
            for (var i = 0; i < 3; i++)
            {
                await client.ReadCommandAsync(ct);
                await client.SendAsync(i == 2 ? "+PONG\r\n" : "+OK\r\n", ct);
            }

            await client.ReadCommandAsync(ct);
        });

        await using var sut = await RespConnection.ConnectAsync(
            server.Options(o => { o.Protocol = 2; o.User = "svc"; o.Password = "pw"; o.ClientName = "n1"; }), cancellationToken: Ct);

        Assert.Equal(["AUTH svc pw", "CLIENT SETNAME n1", "PING"], server.Commands);
    }

    [Fact]
    public async Task ExecuteAsync_ServerSendsGarbage_EveryCallerFailsWithUnavailable()
    {
        await using var server = FakeRespServer.Start(async (client, ct) =>
        {
            await client.HandshakeAsync(ct);
            await client.ReadCommandAsync(ct);
            await client.ReadCommandAsync(ct);
            await client.SendAsync("+OK\r\n@garbage\r\n", ct);
            await client.ReadCommandAsync(ct);
        });
        await using var sut = await RespConnection.ConnectAsync(server.Options(), cancellationToken: Ct);

        var first = sut.ExecuteAsync("SET", ["a", "1"], Ct);
        var second = sut.ExecuteAsync("GET", ["a"], Ct);

        Assert.Equal("OK", (await first).AsString());
        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await second);
        Assert.IsType<RespProtocolException>(ex.InnerException);
        Assert.Contains("broke the protocol", ex.Message, StringComparison.Ordinal);
        Assert.False(sut.IsConnected);
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await sut.ExecuteAsync("PING", [], Ct));
    }

    [Fact]
    public async Task ExecuteAsync_RandomGarbageReplies_FailCleanlyAndNeverHang()
    {
        var gen = Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i)).Where(b => b.Length > 0);
        var garbage = gen.Sample(40, 30);
        foreach (var reply in garbage)
        {
            await using var server = FakeRespServer.Start(async (client, ct) =>
            {
                await client.HandshakeAsync(ct);
                await client.ReadCommandAsync(ct);
                await client.SendAsync(reply, ct);
                client.Abort();
            });
            await using var sut = await RespConnection.ConnectAsync(server.Options(), cancellationToken: Ct);

            try
            {
                await sut.ExecuteAsync("GET", ["k"], Ct);
            }
            catch (StoreUnavailableException)
            {
                // The expected outcome for nearly every input; a value is fine too when the bytes happen to be RESP.
            }
            catch (StoreCommandException)
            {
                // The bytes happened to be a well-formed error reply.
            }
        }
    }

    [Fact]
    public async Task ExecuteAsync_PushBetweenReplies_RaisesEventAndRepliesStayMatched()
    {
        await using var server = FakeRespServer.Start(async (client, ct) =>
        {
            await client.HandshakeAsync(ct);
            await client.ReadCommandAsync(ct);
            await client.ReadCommandAsync(ct);
            await client.SendAsync(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\na\r\n$1\r\n1\r\n>3\r\n+message\r\n+chan\r\n+hi\r\n$1\r\n2\r\n", ct);
            await client.ReadCommandAsync(ct);
        });
        await using var sut = await RespConnection.ConnectAsync(server.Options(), cancellationToken: Ct);
        var pushes = new ConcurrentQueue<RespValue>();
        sut.PushReceived += (_, e) => pushes.Enqueue(e.Message);
        sut.PushReceived += (_, _) => throw new InvalidOperationException("A broken handler must not break the connection.");

        var first = sut.ExecuteAsync("GET", ["a"], Ct);
        var second = sut.ExecuteAsync("GET", ["b"], Ct);

        Assert.Equal("1", (await first).AsString());
        Assert.Equal("2", (await second).AsString());
        Assert.Equal(["invalidate", "message"], pushes.Select(p => p[0].AsString()));
        Assert.True(sut.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_ServerNeverAnswers_FailsAfterConnectTimeout()
    {
        await using var server = FakeRespServer.Start(async (client, ct) =>
        {
            await client.ReadCommandAsync(ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            RespConnection.ConnectAsync(server.Options(o => o.ConnectTimeout = TimeSpan.FromMilliseconds(300)), cancellationToken: Ct));

        Assert.Contains("connect timeout of 300 ms", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{server.Port}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_WhileFirstConnectHangs_FailsAsUnavailableAtCommandTimeout()
    {
        await using var server = FakeRespServer.Start(async (client, ct) =>
        {
            await client.ReadCommandAsync(ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        await using var sut = RespConnection.Create(server.Options(o =>
        {
            o.ConnectTimeout = TimeSpan.FromSeconds(30);
            o.CommandTimeout = TimeSpan.FromMilliseconds(300);
        }));

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await sut.ExecuteAsync("GET", ["k"], Ct));

        Assert.Contains("no connection within", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GET was not sent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ServerGoesSilent_TimesOutThenDropsTheConnection()
    {
        await using var server = FakeRespServer.Start(async (client, ct) =>
        {
            await client.HandshakeAsync(ct);
            await client.ReadCommandAsync(ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        await using var sut = await RespConnection.ConnectAsync(
            server.Options(o => o.CommandTimeout = TimeSpan.FromMilliseconds(200)), cancellationToken: Ct);
        var states = new ConcurrentQueue<StoreConnectionStateChangedEventArgs>();
        sut.ConnectionStateChanged += (_, e) => states.Enqueue(e);

        var ex = await Assert.ThrowsAsync<TimeoutException>(async () => await sut.ExecuteAsync("GET", ["k"], Ct));
        await Poll.UntilAsync(() => !sut.IsConnected, "the silent connection is dropped");

        Assert.Contains("did not answer GET", ex.Message, StringComparison.Ordinal);
        var down = Assert.Single(states);
        Assert.False(down.IsConnected);
        Assert.Contains("presumed dead", down.Reason!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ServerClosesInTheMiddleOfAReply_FailsCleanly()
    {
        await using var server = FakeRespServer.Start(async (client, ct) =>
        {
            await client.HandshakeAsync(ct);
            await client.ReadCommandAsync(ct);
            await client.SendAsync("$10\r\nabc", ct);
            client.Abort();
        });
        await using var sut = await RespConnection.ConnectAsync(server.Options(), cancellationToken: Ct);

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await sut.ExecuteAsync("GET", ["k"], Ct));

        Assert.StartsWith($"The store at 127.0.0.1:{server.Port} is unreachable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ReplyNobodyAskedFor_ClosesTheConnection()
    {
        await using var server = FakeRespServer.Start(async (client, ct) =>
        {
            await client.HandshakeAsync(ct);
            await client.SendAsync("+SURPRISE\r\n", ct);
            await client.ReadCommandAsync(ct);
        });
        await using var sut = await RespConnection.ConnectAsync(server.Options(), cancellationToken: Ct);

        await Poll.UntilAsync(() => !sut.IsConnected, "the out-of-step connection is closed");

        var ex = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await sut.ExecuteAsync("PING", [], Ct));
        Assert.Contains("no command was waiting", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NobodyListening_FailsFastWithEndpointInMessage()
    {
        var port = LoopbackPorts.Free();
        await using var sut = RespConnection.Create(new StoreConnectionOptions { Host = "127.0.0.1", Port = port });

        var first = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await sut.ExecuteAsync("PING", [], Ct));
        var second = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await sut.ExecuteAsync("PING", [], Ct));

        var expected = $"The store at 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)} is unreachable: ";
        Assert.StartsWith(expected, first.Message, StringComparison.Ordinal);
        Assert.StartsWith(expected, second.Message, StringComparison.Ordinal);
        Assert.False(sut.IsConnected);
    }

    [Fact]
    public async Task Create_StoreComesUpLater_ConnectsInTheBackground()
    {
        var port = LoopbackPorts.Free();
        await using var sut = RespConnection.Create(new StoreConnectionOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        });
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await sut.ExecuteAsync("PING", [], Ct));

        await using var server = FakeRespServer.Start(async (client, ct) =>
        {
            await client.HandshakeAsync(ct);
            await client.ReadCommandAsync(ct);
        }, port);

        await Poll.UntilAsync(() => sut.IsConnected, "the background reconnect succeeds");
        Assert.Equal(3, sut.Protocol);
    }
}
