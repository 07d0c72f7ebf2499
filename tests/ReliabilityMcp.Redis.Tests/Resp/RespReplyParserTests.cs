using System.Buffers;
using System.Numerics;
using ReliabilityMcp.Redis.Resp;
using static ReliabilityMcp.Redis.Tests.Resp.RespFrames;

namespace ReliabilityMcp.Redis.Tests.Resp;

public sealed class RespReplyParserTests
{
    [Fact]
    public void TryRead_SimpleString_ReturnsText()
    {
        var value = ParseOne(Bytes("+OK\r\n"));

        Assert.Equal(RespKind.SimpleString, value.Kind);
        Assert.Equal("OK", value.AsString());
    }

    [Fact]
    public void TryRead_SimpleError_ReturnsErrorWithCode()
    {
        var value = ParseOne(Bytes("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"));

        Assert.True(value.IsError);
        Assert.Equal("WRONGTYPE", value.ErrorCode);
        Assert.StartsWith("WRONGTYPE Operation", value.AsString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_BulkError_ReturnsErrorIncludingNewlines()
    {
        var value = ParseOne(Bytes("!22\r\nSYNTAX invalid\r\nsyntax\r\n"));

        Assert.True(value.IsError);
        Assert.Equal("SYNTAX", value.ErrorCode);
        Assert.Equal("SYNTAX invalid\r\nsyntax", value.AsString());
    }

    [Theory]
    [InlineData(":0\r\n", 0L)]
    [InlineData(":-42\r\n", -42L)]
    [InlineData(":+7\r\n", 7L)]
    [InlineData(":9223372036854775807\r\n", long.MaxValue)]
    [InlineData(":-9223372036854775808\r\n", long.MinValue)]
    public void TryRead_Integer_ReturnsValue(string frame, long expected)
    {
        var value = ParseOne(Bytes(frame));

        Assert.Equal(RespKind.Integer, value.Kind);
        Assert.Equal(expected, value.AsInt64());
    }

    [Fact]
    public void TryRead_BulkString_ReturnsBytesIncludingCrLfInside()
    {
        var value = ParseOne(Bytes("$7\r\nab\r\ncd!\r\n"));

        Assert.Equal(RespKind.BulkString, value.Kind);
        Assert.Equal("ab\r\ncd!", value.AsString());
        Assert.Equal(7, value.AsBytes().Length);
    }

    [Fact]
    public void TryRead_EmptyBulkString_IsEmptyNotNull()
    {
        var value = ParseOne(Bytes("$0\r\n\r\n"));

        Assert.False(value.IsNull);
        Assert.Equal(string.Empty, value.AsString());
    }

    [Theory]
    [InlineData("$-1\r\n")]
    [InlineData("*-1\r\n")]
    [InlineData("_\r\n")]
    public void TryRead_NullForms_ReturnNull(string frame)
    {
        var value = ParseOne(Bytes(frame));

        Assert.True(value.IsNull);
        Assert.Null(value.AsString());
    }

    [Fact]
    public void TryRead_NestedArray_ReturnsTree()
    {
        var value = ParseOne(Bytes("*3\r\n:1\r\n*2\r\n$1\r\na\r\n_\r\n*0\r\n"));

        Assert.Equal(RespKind.Array, value.Kind);
        Assert.Equal(3, value.Count);
        Assert.Equal(1, value[0].AsInt64());
        Assert.Equal("a", value[1][0].AsString());
        Assert.True(value[1][1].IsNull);
        Assert.Equal(0, value[2].Count);
    }

    [Fact]
    public void TryRead_Map_ReturnsFlatPairs()
    {
        var value = ParseOne(Bytes("%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n#t\r\n"));

        Assert.Equal(RespKind.Map, value.Kind);
        Assert.Equal(4, value.Count);
        var pairs = value.AsPairs().ToDictionary(p => p.Key.AsString()!, p => p.Value);
        Assert.Equal(1, pairs["first"].AsInt64());
        Assert.True(pairs["second"].AsBoolean());
    }

    [Fact]
    public void TryRead_Set_ReturnsMembers()
    {
        var value = ParseOne(Bytes("~2\r\n+x\r\n+y\r\n"));

        Assert.Equal(RespKind.Set, value.Kind);
        Assert.Equal(["x", "y"], value.AsArray().ToArray().Select(v => v.AsString()));
    }

    [Theory]
    [InlineData(",1.5\r\n", 1.5)]
    [InlineData(",-0.25\r\n", -0.25)]
    [InlineData(",10\r\n", 10.0)]
    [InlineData(",1.5e3\r\n", 1500.0)]
    [InlineData(",inf\r\n", double.PositiveInfinity)]
    [InlineData(",-inf\r\n", double.NegativeInfinity)]
    [InlineData(",nan\r\n", double.NaN)]
    public void TryRead_Double_ReturnsValue(string frame, double expected)
    {
        var value = ParseOne(Bytes(frame));

        Assert.Equal(RespKind.Double, value.Kind);
        Assert.Equal(expected, value.AsDouble());
    }

    [Theory]
    [InlineData("#t\r\n", true)]
    [InlineData("#f\r\n", false)]
    public void TryRead_Boolean_ReturnsValue(string frame, bool expected)
    {
        Assert.Equal(expected, ParseOne(Bytes(frame)).AsBoolean());
    }

    [Fact]
    public void TryRead_BigNumber_ReturnsBigInteger()
    {
        var value = ParseOne(Bytes("(-3492890328409238509324850943850943825024385\r\n"));

        Assert.Equal(RespKind.BigNumber, value.Kind);
        Assert.Equal(BigInteger.Parse("-3492890328409238509324850943850943825024385", System.Globalization.CultureInfo.InvariantCulture), value.AsBigInteger());
    }

    [Fact]
    public void TryRead_VerbatimString_SeparatesFormatFromText()
    {
        var value = ParseOne(Bytes("=15\r\ntxt:Some string\r\n"));

        Assert.Equal(RespKind.VerbatimString, value.Kind);
        Assert.Equal("txt", value.VerbatimFormat);
        Assert.Equal("Some string", value.AsString());
    }

    [Fact]
    public void TryRead_AttributeBeforeReply_IsSkipped()
    {
        var value = ParseOne(Bytes("|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:2039123\r\n:9543892\r\n"));

        Assert.Equal(RespKind.Array, value.Kind);
        Assert.Equal(2039123, value[0].AsInt64());
        Assert.Equal(9543892, value[1].AsInt64());
    }

    [Fact]
    public void TryRead_AttributeInsideArray_DoesNotCountAsElement()
    {
        var value = ParseOne(Bytes("*2\r\n:1\r\n|1\r\n+ttl\r\n:3600\r\n:2\r\n"));

        Assert.Equal(2, value.Count);
        Assert.Equal(2, value[1].AsInt64());
    }

    [Fact]
    public void TryRead_Push_ReturnsPushKind()
    {
        var value = ParseOne(Bytes(">3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$5\r\nhello\r\n"));

        Assert.Equal(RespKind.Push, value.Kind);
        Assert.Equal("hello", value[2].AsString());
    }

    [Fact]
    public void TryRead_TwoFramesInOneBuffer_ReadsThemOneAtATime()
    {
        var sut = new RespReplyParser(RespParserLimits.Default);
        var buffer = new ReadOnlySequence<byte>(Bytes("+OK\r\n:5\r\n"));

        Assert.True(sut.TryRead(buffer, out var first, out var end));
        buffer = buffer.Slice(end);
        Assert.True(sut.TryRead(buffer, out var second, out end));

        Assert.Equal("OK", first.AsString());
        Assert.Equal(5, second.AsInt64());
        Assert.True(buffer.Slice(end).IsEmpty);
    }

    [Fact]
    public void TryRead_EveryStrictPrefix_NeedsMoreDataThenCompletes()
    {
        var frame = Bytes("*4\r\n%1\r\n+k\r\n=8\r\ntxt:v\r\nx\r\n,-inf\r\n$3\r\nabc\r\n~1\r\n(123\r\n");
        var expected = ParseOne(frame);

        for (var length = 0; length < frame.Length; length++)
        {
            var sut = new RespReplyParser(RespParserLimits.Default);
            Assert.False(sut.TryRead(new ReadOnlySequence<byte>(frame, 0, length), out _, out _), $"prefix of {length} bytes");
        }

        for (var chunk = 1; chunk <= 7; chunk++)
        {
            var cuts = Enumerable.Range(1, frame.Length).Where(i => i % chunk == 0);
            var frames = ParseIncrementally(frame, cuts);
            Assert.Equal(expected, Assert.Single(frames));
        }
    }

    [Fact]
    public void TryRead_LargeArrayArrivingInSmallPieces_ResumesWhereItStopped()
    {
        var items = Enumerable.Range(0, 20_000).Select(i => RespValue.CreateInteger(i)).ToArray();
        var frame = Encode(RespValue.CreateArray(items));

        var frames = ParseIncrementally(frame, Enumerable.Range(1, frame.Length / 97).Select(i => i * 97));

        var value = Assert.Single(frames);
        Assert.Equal(20_000, value.Count);
        Assert.Equal(19_999, value[19_999].AsInt64());
    }

    [Theory]
    [InlineData("?")]
    [InlineData("x\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("*-2\r\n")]
    [InlineData("%-1\r\n")]
    [InlineData("$abc\r\n")]
    [InlineData("$ 1\r\n")]
    [InlineData("$+1\r\n")]
    [InlineData("$?\r\n")]
    [InlineData("*?\r\n")]
    [InlineData(":12a\r\n")]
    [InlineData(":99999999999999999999\r\n")]
    [InlineData(",abc\r\n")]
    [InlineData(",Infinity5\r\n")]
    [InlineData("#x\r\n")]
    [InlineData("_x\r\n")]
    [InlineData("(12-3\r\n")]
    [InlineData("(\r\n")]
    [InlineData("=3\r\ntxt\r\n")]
    [InlineData("=5\r\ntxt-a\r\n")]
    [InlineData("+OK\rX")]
    [InlineData("+O\nK\r\n")]
    [InlineData("$3\r\nabcX\r\n")]
    [InlineData("$3\r\nabc\rX")]
    [InlineData("$3\r\nabc\n\r")]
    public void TryRead_Garbage_ThrowsProtocolException(string frame)
    {
        var sut = new RespReplyParser(RespParserLimits.Default);

        Assert.Throws<RespProtocolException>(() => sut.TryRead(new ReadOnlySequence<byte>(Bytes(frame)), out _, out _));
    }

    [Fact]
    public void TryRead_BulkLengthOverLimit_ThrowsBeforeWaitingForData()
    {
        var limits = RespParserLimits.Default with { MaxBulkLength = 1024 };
        var sut = new RespReplyParser(limits);

        var ex = Assert.Throws<RespProtocolException>(() => sut.TryRead(new ReadOnlySequence<byte>(Bytes("$1025\r\n")), out _, out _));

        Assert.Contains("1024", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$999999999999\r\n")]
    [InlineData("*2147483648\r\n")]
    [InlineData("%1073741824\r\n")]
    [InlineData("*99999999999999999\r\n")]
    public void TryRead_AbsurdLengths_Throw(string frame)
    {
        var sut = new RespReplyParser(RespParserLimits.Default);

        Assert.Throws<RespProtocolException>(() => sut.TryRead(new ReadOnlySequence<byte>(Bytes(frame)), out _, out _));
    }

    [Fact]
    public void TryRead_NestingDeeperThanLimit_Throws()
    {
        var limits = RespParserLimits.Default with { MaxDepth = 8 };
        var frame = Bytes(string.Concat(Enumerable.Repeat("*1\r\n", 9)) + ":1\r\n");

        var ex = Assert.Throws<RespProtocolException>(() => new RespReplyParser(limits).TryRead(new ReadOnlySequence<byte>(frame), out _, out _));

        Assert.Contains("deeper", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_NestingAtLimit_Parses()
    {
        var limits = RespParserLimits.Default with { MaxDepth = 8 };
        var frame = Bytes(string.Concat(Enumerable.Repeat("*1\r\n", 8)) + ":1\r\n");

        Assert.Equal(1, ParseOne(frame, limits)[0][0][0][0][0][0][0][0].AsInt64());
    }

    [Fact]
    public void TryRead_DefaultLimitDeepNesting_ThrowsInsteadOfOverflowingTheStack()
    {
        var frame = Bytes(string.Concat(Enumerable.Repeat("*1\r\n", 100_000)));

        Assert.Throws<RespProtocolException>(() => new RespReplyParser(RespParserLimits.Default).TryRead(new ReadOnlySequence<byte>(frame), out _, out _));
    }

    [Fact]
    public void TryRead_AggregateCountOverLimit_Throws()
    {
        var limits = RespParserLimits.Default with { MaxAggregateLength = 10 };

        Assert.Throws<RespProtocolException>(() => new RespReplyParser(limits).TryRead(new ReadOnlySequence<byte>(Bytes("*11\r\n")), out _, out _));
        Assert.Throws<RespProtocolException>(() => new RespReplyParser(limits).TryRead(new ReadOnlySequence<byte>(Bytes("%6\r\n")), out _, out _));
    }

    [Fact]
    public void TryRead_UnterminatedLineLongerThanLimit_ThrowsInsteadOfBuffering()
    {
        var limits = RespParserLimits.Default with { MaxLineLength = 100 };
        var sut = new RespReplyParser(limits);

        Assert.False(sut.TryRead(new ReadOnlySequence<byte>(Bytes("+" + new string('a', 99))), out _, out _));
        Assert.Throws<RespProtocolException>(() => sut.TryRead(new ReadOnlySequence<byte>(Bytes("+" + new string('a', 200))), out _, out _));
    }

    [Fact]
    public void TryRead_ReplyLargerThanLimit_Throws()
    {
        var limits = RespParserLimits.Default with { MaxReplyBytes = 64 };
        var frame = Bytes("*10\r\n" + string.Concat(Enumerable.Repeat("$5\r\nhello\r\n", 10)));

        Assert.Throws<RespProtocolException>(() => new RespReplyParser(limits).TryRead(new ReadOnlySequence<byte>(frame), out _, out _));
    }

    [Fact]
    public void Reset_AfterPartialFrame_StartsOverCleanly()
    {
        var sut = new RespReplyParser(RespParserLimits.Default);
        Assert.False(sut.TryRead(new ReadOnlySequence<byte>(Bytes("*2\r\n:1\r\n")), out _, out _));

        sut.Reset();

        Assert.True(sut.TryRead(new ReadOnlySequence<byte>(Bytes("+OK\r\n")), out var value, out _));
        Assert.Equal("OK", value.AsString());
    }
}
