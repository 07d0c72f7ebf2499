using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Redis.Connection;
using ReliabilityMcp.Testing;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Tests.Connection;

public sealed class StoreServiceCollectionExtensionsTests(GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IHost BuildHost(string? connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        if (connectionString is not null)
        {
            builder.Configuration["ConnectionStrings:store"] = connectionString;
        }

        builder.Services.AddStore(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public async Task AddStore_ConnectionStringSet_ResolvesOneSharedConnectionThatWorks()
    {
        using var host = BuildHost(garnet.ConnectionString);
        await host.StartAsync(Ct);

        var sut = host.Services.GetRequiredService<IStoreConnection>();
        var reply = await sut.ExecuteAsync("PING", [], Ct);
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.Same(sut, host.Services.GetRequiredService<IStoreConnection>());
        Assert.Same(sut, host.Services.GetRequiredService<StoreConnection>());
        Assert.Same(host.Services.GetRequiredService<StoreConnection>().Multiplexer, host.Services.GetRequiredService<IConnectionMultiplexer>());
        Assert.Equal("PONG", reply.AsString());
        Assert.Equal(HealthStatus.Healthy, health.Entries["store"].Status);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task AddStore_StoreDown_HostStartsAndHealthSaysWhy()
    {
        var port = LoopbackPorts.Free();
        using var host = BuildHost($"127.0.0.1:{port},password=x,connectTimeout=300");

        await host.StartAsync(Ct);
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.Equal(HealthStatus.Unhealthy, health.Entries["store"].Status);
        Assert.StartsWith($"The store at 127.0.0.1:{port} is unreachable", health.Entries["store"].Description, StringComparison.Ordinal);
        await host.StopAsync(Ct);
    }

    [Fact]
    public void AddStore_MalformedConnectionString_FailsAtRegistration()
    {
        var ex = Assert.Throws<FormatException>(() => BuildHost("127.0.0.1:6379,protocol=9"));

        Assert.Contains("protocol", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddStore_NoConnectionString_FailsOnFirstUseNamingTheSetting()
    {
        using var host = BuildHost(null);

        var ex = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IStoreConnection>());

        Assert.Contains("ConnectionStrings__store", ex.Message, StringComparison.Ordinal);
    }
}
