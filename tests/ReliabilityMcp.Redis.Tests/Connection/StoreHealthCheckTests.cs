using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Connection;

public sealed class StoreHealthCheckTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("store", check, HealthStatus.Unhealthy, null) };

    [Fact]
    public async Task CheckHealthAsync_StoreUp_IsHealthyWithRoundTrip()
    {
        await using var connection = await StoreConnection.ConnectAsync(garnet.ConnectionString, Ct);
        var sut = new StoreHealthCheck(connection);

        var result = await sut.CheckHealthAsync(Context(sut), Ct);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(connection.EndPoint, result.Data["endpoint"]);
        Assert.Contains("answered PING", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_StoreDown_IsUnhealthyWithClearMessage()
    {
        var port = LoopbackPorts.Free();
        await using var connection = StoreConnection.Create($"127.0.0.1:{port},connectTimeout=300");
        var sut = new StoreHealthCheck(connection);

        var result = await sut.CheckHealthAsync(Context(sut), Ct);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith($"The store at 127.0.0.1:{port} is unreachable", result.Description, StringComparison.Ordinal);
    }
}
