using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Tests.Resp;

public sealed class StoreConnectionOptionsTests
{
    [Fact]
    public void Parse_FullString_ReadsEveryOption()
    {
        var sut = StoreConnectionOptions.Parse(
            "store.local:6380,password=s3cr=t,user=svc,defaultDatabase=3,connectTimeout=1500,commandTimeout=2500,protocol=2,name=mcp,abortConnect=false");

        Assert.Equal("store.local", sut.Host);
        Assert.Equal(6380, sut.Port);
        Assert.Equal("s3cr=t", sut.Password);
        Assert.Equal("svc", sut.User);
        Assert.Equal(3, sut.DefaultDatabase);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), sut.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), sut.CommandTimeout);
        Assert.Equal(2, sut.Protocol);
        Assert.Equal("mcp", sut.ClientName);
    }

    [Fact]
    public void Parse_HostOnly_UsesDefaults()
    {
        var sut = StoreConnectionOptions.Parse("localhost");

        Assert.Equal("localhost", sut.Host);
        Assert.Equal(6379, sut.Port);
        Assert.Null(sut.Password);
        Assert.Equal(3, sut.Protocol);
        Assert.Equal(TimeSpan.FromSeconds(5), sut.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), sut.ConnectTimeout);
        Assert.Equal(0, sut.DefaultDatabase);
    }

    [Fact]
    public void Parse_BracketedIpv6_ReadsHostAndPort()
    {
        var sut = StoreConnectionOptions.Parse("[::1]:7000, Password = pw ");

        Assert.Equal("::1", sut.Host);
        Assert.Equal(7000, sut.Port);
        Assert.Equal("pw", sut.Password);
        Assert.Equal("[::1]:7000", sut.EndPoint);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("password=x", "must start with the endpoint")]
    [InlineData("host:0", "'port'")]
    [InlineData("host:70000", "'port'")]
    [InlineData("host:abc", "'port'")]
    [InlineData("::1:6379", "IPv6")]
    [InlineData("[::1", "[ipv6]:port")]
    [InlineData("host:6379,,password=x", "empty part")]
    [InlineData("host:6379,other:6380", "only one endpoint")]
    [InlineData("host:6379,protocol=4", "'protocol' must be 2 or 3")]
    [InlineData("host:6379,commandTimeout=-5", "'commandTimeout'")]
    [InlineData("host:6379,connectTimeout=fast", "'connectTimeout'")]
    [InlineData("host:6379,defaultDatabase=-1", "'defaultDatabase'")]
    [InlineData("host:6379,pasword=x", "'pasword' is not supported")]
    [InlineData("host:6379,ssl=true", "'ssl' is not supported")]
    public void Parse_Malformed_ThrowsFormatExceptionSayingWhy(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => StoreConnectionOptions.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PasswordWithComma_ErrorDoesNotEchoThePassword()
    {
        var ex = Assert.Throws<FormatException>(() => StoreConnectionOptions.Parse("host:6379,password=abc,secret-tail"));

        Assert.DoesNotContain("secret-tail", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot contain a comma", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithPassword_NeverShowsIt()
    {
        var sut = StoreConnectionOptions.Parse("127.0.0.1:6379,password=hunter2,user=svc");

        var text = sut.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("password=***", text, StringComparison.Ordinal);
        Assert.StartsWith("127.0.0.1:6379,user=svc", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_RoundTripsThroughParseExceptPassword()
    {
        var sut = StoreConnectionOptions.Parse("h:1,defaultDatabase=2,connectTimeout=10,commandTimeout=20,protocol=2,name=x");

        var again = StoreConnectionOptions.Parse(sut.ToString());

        Assert.Equal(sut.ToString(), again.ToString());
    }

    [Fact]
    public void Validate_OutOfRange_NamesTheOption()
    {
        var sut = new StoreConnectionOptions { CommandTimeout = TimeSpan.Zero };

        var ex = Assert.Throws<ArgumentException>(sut.Validate);

        Assert.Equal(nameof(StoreConnectionOptions.CommandTimeout), ex.ParamName);
    }
}
