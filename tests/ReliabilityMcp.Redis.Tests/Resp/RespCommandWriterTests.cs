using System.Buffers;
using System.Text;
using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Tests.Resp;

public sealed class RespCommandWriterTests
{
    private static string Encode(string command, params RespArgument[] arguments)
    {
        var buffer = RespCommandWriter.Encode(command, arguments, default, default, out var length);
        try
        {
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Fact]
    public void Encode_MixedArguments_WritesArrayOfBulkStrings()
    {
        var text = Encode("SET", "kéy", new byte[] { 0, 13, 10 }, "EX", 60L, 1.5, -2);

        Assert.Equal("*7\r\n$3\r\nSET\r\n$4\r\nkéy\r\n$3\r\n\0\r\n\r\n$2\r\nEX\r\n$2\r\n60\r\n$3\r\n1.5\r\n$2\r\n-2\r\n", text);
    }

    [Fact]
    public void Encode_NoArguments_WritesSingleElementArray()
    {
        Assert.Equal("*1\r\n$4\r\nPING\r\n", Encode("PING"));
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-300, "1E-300")]
    [InlineData(long.MinValue, "-9.223372036854776E+18")]
    public void Encode_Double_UsesRoundTripText(double value, string expected)
    {
        Assert.Equal($"*2\r\n$4\r\nZADD\r\n${expected.Length}\r\n{expected}\r\n", Encode("ZADD", value));
    }

    [Fact]
    public void Encode_LongExtremes_AreExact()
    {
        Assert.Equal("*3\r\n$1\r\nX\r\n$20\r\n-9223372036854775808\r\n$19\r\n9223372036854775807\r\n", Encode("X", long.MinValue, long.MaxValue));
    }

    [Fact]
    public void FromDouble_NaN_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => RespArgument.FromDouble(double.NaN));
    }

    [Fact]
    public void Encode_ThreeSpans_ConcatenatesInOrder()
    {
        var buffer = RespCommandWriter.Encode("EVALSHA", ["sha", 1], ["key"], ["arg"], out var length);
        try
        {
            Assert.Equal("*5\r\n$7\r\nEVALSHA\r\n$3\r\nsha\r\n$1\r\n1\r\n$3\r\nkey\r\n$3\r\narg\r\n", Encoding.UTF8.GetString(buffer, 0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
