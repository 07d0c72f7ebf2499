using ReliabilityMcp.Redis.Incidents;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Tests.Incidents;

/// <summary>
/// VINFO differs between the stores (Redis 8 is not installed here, so its reply is built by hand): the M-mismatch
/// recovery must read M from either.
/// </summary>
public sealed class VectorSetInfoTests
{
    [Theory]
    [InlineData("num-links")] // Garnet
    [InlineData("hnsw-m")] // Redis 8: before, only num-links was read and the recovery never worked there
    public void LinksOf_EitherStoresName_ReadsM(string field)
    {
        var info = RedisResult.Create(
            [(RedisValue)"quant-type", (RedisValue)"int8", (RedisValue)field, (RedisValue)24, (RedisValue)"size", (RedisValue)3],
            ResultType.Array);

        Assert.Equal(24, RedisIncidentStore.LinksOf(info));
    }

    [Fact]
    public void LinksOf_MissingSet_IsNull()
    {
        Assert.Null(RedisIncidentStore.LinksOf(RedisResult.Create(RedisValue.Null)));
    }
}
