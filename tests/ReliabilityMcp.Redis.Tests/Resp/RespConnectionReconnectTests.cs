using System.Collections.Concurrent;
using System.Globalization;
using ReliabilityMcp.Redis.Resp;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Resp;

/// <summary>Killing and restarting a real Garnet under a live connection (its own store: these tests kill it).</summary>
public sealed class RespConnectionReconnectTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    private const string BusyScript = "local i = 0 while i < 30000000 do i = i + 1 end return i";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task KillHardThenRestart_FailsClearlyWhileDownThenRecoversWithHandshake(int protocol)
    {
        var options = garnet.Options(protocol);
        options.DefaultDatabase = 2;
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(500);
        await using var sut = await RespConnection.ConnectAsync(options, cancellationToken: Ct);
        var states = new ConcurrentQueue<bool>();
        sut.ConnectionStateChanged += (_, e) => states.Enqueue(e.IsConnected);
        var key = $"reconnect:{protocol}:{Guid.NewGuid():N}";
        await sut.ExecuteAsync("SET", [key, "kept"], Ct);
        var endPoint = $"127.0.0.1:{garnet.Garnet.Port.ToString(CultureInfo.InvariantCulture)}";

        var inFlight = sut.ExecuteAsync("EVAL", [BusyScript, 0], Ct);
        await Poll.UntilAsync(() => sut.AwaitingReplyCount == 1, "the EVAL is on the wire");
        garnet.Garnet.KillHard();

        var lost = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await inFlight);
        await Poll.UntilAsync(() => !sut.IsConnected, "the client notices the store is gone");
        var down = await Assert.ThrowsAsync<StoreUnavailableException>(async () => await sut.ExecuteAsync("GET", [key], Ct));

        Assert.StartsWith($"The store at {endPoint} is unreachable: ", lost.Message, StringComparison.Ordinal);
        Assert.StartsWith($"The store at {endPoint} is unreachable: ", down.Message, StringComparison.Ordinal);

        await garnet.RestartAsync();
        var value = await Poll.UntilAsync(async () =>
        {
            try
            {
                return (await sut.ExecuteAsync("GET", [key], Ct)).AsString();
            }
            catch (StoreUnavailableException)
            {
                return null;
            }
        }, "the client reconnects to the restarted store");

        // Database 2 again (SELECT ran in the new handshake) and the acknowledged write survived the kill.
        Assert.Equal("kept", value);
        Assert.True(sut.IsConnected);
        Assert.Equal(protocol, sut.Protocol);
        Assert.Equal([false, true], states.Distinct());
    }
}
