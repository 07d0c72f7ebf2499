using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Redis.Tests.Connection;

public sealed class StoreScriptTests
{
    [Fact]
    public void Constructor_Text_ComputesTheDigestScriptLoadReturns()
    {
        // The digest Garnet and Redis return for SCRIPT LOAD "return 1".
        var sut = new StoreScript("return 1");

        Assert.Equal("e0e1f9fabfc9d4800c877a703b823ac0578ff8db", sut.Sha1);
        Assert.Equal("return 1", sut.Text);
    }

    [Fact]
    public void Constructor_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => new StoreScript(""));
    }
}
