using ReliabilityMcp.Redis.Connection;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Tests.Connection;

public sealed class StoreConfigurationTests
{
    [Fact]
    public void Parse_OurKeys_MapToTheLibraryOptions()
    {
        var sut = StoreConfiguration.Parse(
            "store.local:6380,password=s3cr=t,user=svc,defaultDatabase=3,connectTimeout=1500,commandTimeout=2500,protocol=2,name=mcp");

        Assert.Equal("store.local:6380", StoreConfiguration.Describe(sut));
        Assert.Equal("s3cr=t", sut.Password);
        Assert.Equal("svc", sut.User);
        Assert.Equal(3, sut.DefaultDatabase);
        Assert.Equal(1500, sut.ConnectTimeout);
        Assert.Equal(2500, sut.AsyncTimeout);
        Assert.Equal(2500, sut.SyncTimeout);
        Assert.Equal(RedisProtocol.Resp2, sut.Protocol);
        Assert.Equal("mcp", sut.ClientName);
    }

    [Fact]
    public void Parse_HostOnly_Resp3BackgroundConnectAndFailFast()
    {
        var sut = StoreConfiguration.Parse("localhost");

        Assert.Equal("localhost:6379", StoreConfiguration.Describe(sut));
        Assert.Null(sut.Password);
        Assert.Equal(RedisProtocol.Resp3, sut.Protocol);
        Assert.False(sut.AbortOnConnectFail);
        Assert.Same(BacklogPolicy.FailFast, sut.BacklogPolicy);
    }

    [Fact]
    public void Parse_LibraryKeys_TlsAndSeveralEndpoints_AreAccepted()
    {
        var sut = StoreConfiguration.Parse("node1:7000,node2:7001,ssl=true,sslHost=store.example,syncTimeout=900");

        Assert.Equal("node1:7000,node2:7001", StoreConfiguration.Describe(sut));
        Assert.True(sut.Ssl);
        Assert.Equal("store.example", sut.SslHost);
        Assert.Equal(900, sut.SyncTimeout);
    }

    [Fact]
    public void Parse_BracketedIpv6_DescribesWithBrackets()
    {
        var sut = StoreConfiguration.Parse("[::1]:7000,password=pw");

        Assert.Equal("[::1]:7000", StoreConfiguration.Describe(sut));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("password=x", "names no endpoint")]
    [InlineData("host:6379,,password=x", "empty part")]
    [InlineData("host:6379,protocol=4", "'protocol' must be 2 or 3")]
    [InlineData("host:6379,commandTimeout=-5", "'commandTimeout'")]
    [InlineData("host:6379,connectTimeout=fast", "'connectTimeout'")]
    [InlineData("host:6379,defaultDatabase=-1", "'defaultDatabase'")]
    [InlineData("host:6379,pasword=x", "pasword")]
    public void Parse_Malformed_ThrowsFormatExceptionSayingWhy(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => StoreConfiguration.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PasswordWithComma_ErrorDoesNotEchoThePassword()
    {
        var ex = Assert.Throws<FormatException>(() => StoreConfiguration.Parse("host:6379,password=abc,secret-tail"));

        Assert.DoesNotContain("secret-tail", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot contain a comma", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_WithPassword_NeverShowsIt()
    {
        var sut = StoreConfiguration.Describe(StoreConfiguration.Parse("127.0.0.1:6379,password=hunter2,user=svc"));

        Assert.Equal("127.0.0.1:6379", sut);
    }
}
