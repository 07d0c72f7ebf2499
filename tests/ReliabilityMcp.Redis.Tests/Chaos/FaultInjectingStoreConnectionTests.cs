using ReliabilityMcp.Redis.Chaos;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Chaos;

public sealed class FaultInjectingStoreConnectionTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Outage_On_CommandsFailAsUnavailableAndWorkAfterRemoval()
    {
        await using var inner = await StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);
        var faults = new StoreFaultSwitch(TimeProvider.System);
        var sut = new FaultInjectingStoreConnection(inner, faults, TimeProvider.System);
        var key = $"t{Guid.NewGuid():N}";

        var fault = faults.Add(outage: true, 0, 0, 1, TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await sut.ExecuteAsync("SET", [key, "1"], Ct));
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await sut.PingAsync(Ct));
        Assert.True(faults.Remove(fault.Id));

        await sut.ExecuteAsync("SET", [key, "1"], Ct);
        Assert.Equal("1", (await sut.ExecuteAsync("GET", [key], Ct)).AsString());
    }

    [Fact]
    public async Task Outage_DurationPasses_EndsByItself()
    {
        await using var inner = await StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);
        var faults = new StoreFaultSwitch(TimeProvider.System);
        var sut = new FaultInjectingStoreConnection(inner, faults, TimeProvider.System);
        faults.Add(outage: true, 0, 0, 1, TimeSpan.FromMilliseconds(300));

        await Poll.UntilAsync(async () => await TryPingAsync(sut) ? "up" : null, "the outage to expire", timeoutSeconds: 20);

        Assert.Empty(faults.Active);
    }

    private static async Task<bool> TryPingAsync(IStoreConnection connection)
    {
        try
        {
            await connection.PingAsync(Ct);
            return true;
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }
}
