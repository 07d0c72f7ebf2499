using System.Buffers;
using System.Numerics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ReliabilityMcp.Redis.Resp;
using static ReliabilityMcp.Redis.Tests.Resp.RespFrames;

namespace ReliabilityMcp.Redis.Tests.Resp;

/// <summary>
/// Properties of the reply parser: valid frames round-trip whatever way they are split, and no input makes it
/// do anything but return a value, ask for more data, or throw <see cref="RespProtocolException"/>.
/// </summary>
public sealed class RespReplyParserPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(400);

    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(i => (byte)i);

    private static readonly Gen<long> AnyLong =
        Gen.Zip(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(int.MinValue, int.MaxValue))
            .Select(t => ((long)t.Item1 << 32) ^ (uint)t.Item2);

    private static readonly Gen<string> LineText =
        Gen.ArrayOf(Gen.Elements("abcXYZ 0129:_-+.,!?é€\t".ToCharArray())).Select(chars => new string(chars));

    private static readonly Gen<RespValue> Scalar = Gen.OneOf(
        Gen.Constant(RespValue.Null),
        LineText.Select(RespValue.CreateSimpleString),
        LineText.Select(t => RespValue.CreateError("ERR " + t)),
        LineText.Select(t => RespValue.CreateError("MULTI line\r\n" + t)),
        AnyLong.Select(RespValue.CreateInteger),
        Gen.ArrayOf(AnyByte).Select(b => RespValue.CreateBulkString(b)),
        Gen.OneOf(
            AnyLong.Select(l => BitConverter.Int64BitsToDouble(l)),
            Gen.Elements(double.PositiveInfinity, double.NegativeInfinity, double.NaN, 0.0, -1.5, 1e300))
            .Select(RespValue.CreateDouble),
        Gen.Elements(true, false).Select(RespValue.CreateBoolean),
        Gen.Zip(AnyLong, AnyLong).Select(t => RespValue.CreateBigNumber(new BigInteger(t.Item1) * t.Item2 * 1_000_003)),
        Gen.Zip(Gen.Elements("txt", "mkd"), LineText).Select(t => RespValue.CreateVerbatimString(t.Item1, t.Item2 + "\r\nnext")));

    private static readonly Gen<RespValue> Tree = Gen.Sized(size => TreeOfSize(Math.Min(size, 30), depth: 0));

    private static Gen<RespValue> TreeOfSize(int size, int depth)
    {
        if (size <= 1 || depth >= 6)
        {
            return Scalar;
        }

        var children = Gen.Choose(0, Math.Min(size, 8)).SelectMany(count =>
            Gen.ArrayOf(TreeOfSize(size / Math.Max(count, 1), depth + 1), count));
        return Gen.Frequency(
            (3, Scalar),
            (2, children.Select(RespValue.CreateArray)),
            (1, children.Select(RespValue.CreateSet)),
            (1, children.Select(RespValue.CreatePush)),
            (1, children.Select(c => RespValue.CreateMap(c.Length % 2 == 0 ? c : c[..^1]))));
    }

    [Fact]
    public void TryRead_EncodedRandomTree_RoundTrips()
    {
        Prop.ForAll(Tree.ToArbitrary(), value =>
        {
            var frame = Encode(value);
            return ParseOne(frame).Equals(value);
        }).Check(Runs);
    }

    [Fact]
    public void TryRead_EncodedRandomTreesSplitAnywhere_RoundTrip()
    {
        var gen = Gen.Zip(Gen.ArrayOf(Tree), Gen.ArrayOf(Gen.Choose(1, 2000)));
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (values, cuts) = input;
            var stream = values.SelectMany(Encode).ToArray();
            var frames = ParseIncrementally(stream, cuts.Select(c => c % Math.Max(stream.Length, 1)));
            return frames.SequenceEqual(values);
        }).Check(Runs);
    }

    [Fact]
    public void TryRead_EveryTruncationOfAValidFrame_NeedsMoreData()
    {
        Prop.ForAll(Tree.ToArbitrary(), value =>
        {
            var frame = Encode(value);
            var sut = new RespReplyParser(RespParserLimits.Default);
            for (var length = 0; length < frame.Length; length++)
            {
                sut.Reset();
                if (sut.TryRead(new ReadOnlySequence<byte>(frame, 0, length), out _, out _))
                {
                    return false;
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void TryRead_RandomBytes_ReturnsFramesOrNeedsDataOrThrowsProtocolException()
    {
        var gen = Gen.OneOf(
            Gen.ArrayOf(AnyByte),
            Gen.ArrayOf(Gen.Elements("*%~>|$!=+-:,#_(\r\n0123456789-?tfabc".Select(c => (byte)c).ToArray())));
        Prop.ForAll(gen.ToArbitrary(), bytes => ParsesCleanly(bytes, RespParserLimits.Default)).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void TryRead_ValidFrameWithOneByteChanged_NeverFailsOtherwise()
    {
        var gen = Gen.Zip(Tree, Gen.Zip(Gen.Choose(0, int.MaxValue), AnyByte));
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (value, (position, replacement)) = input;
            var frame = Encode(value);
            frame[position % frame.Length] = replacement;
            return ParsesCleanly(frame, RespParserLimits.Default);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void TryRead_ValidFrameWithBrokenLineEnding_NeverFailsOtherwise()
    {
        var gen = Gen.Zip(Tree, Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Elements("\n", "\r", "\n\r", "\r\r\n", "", "X")));
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (value, (which, replacement)) = input;
            var text = Encoding.Latin1.GetString(Encode(value));
            var crlfs = Enumerable.Range(0, text.Length - 1).Where(i => text[i] == '\r' && text[i + 1] == '\n').ToArray();
            var at = crlfs[which % crlfs.Length];
            var broken = Encoding.Latin1.GetBytes(text[..at] + replacement + text[(at + 2)..]);
            return ParsesCleanly(broken, RespParserLimits.Default);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void TryRead_OversizedOrNegativeLengths_ThrowProtocolException()
    {
        var gen = Gen.Zip(Gen.Elements('$', '!', '=', '*', '%', '~', '>', '|'), AnyLong);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (marker, length) = input;
            var limits = RespParserLimits.Default with { MaxBulkLength = 1 << 20, MaxAggregateLength = 1 << 16 };
            var tooLarge = length > 0 && length > (marker is '*' or '~' or '>' ? limits.MaxAggregateLength : marker is '%' or '|' ? limits.MaxAggregateLength / 2 : limits.MaxBulkLength);
            var invalidNegative = length < 0 && !(length == -1 && marker is '$' or '*');
            if (!tooLarge && !invalidNegative)
            {
                return true;
            }

            var frame = Bytes($"{marker}{length}\r\n");
            try
            {
                new RespReplyParser(limits).TryRead(new ReadOnlySequence<byte>(frame), out _, out _);
                return false;
            }
            catch (RespProtocolException)
            {
                return true;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void TryRead_RandomDeepNesting_ThrowsOrParsesWithinLimit()
    {
        var gen = Gen.Zip(Gen.Choose(1, 300), Gen.Elements("*1\r\n", "%1\r\n+k\r\n", "~1\r\n", ">1\r\n", "|1\r\n+k\r\n"));
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (depth, opener) = input;
            // Each attribute annotates the value after it, so nested attributes need one more value per level.
            var closers = opener.StartsWith('|') ? depth + 1 : 1;
            var frame = Bytes(string.Concat(Enumerable.Repeat(opener, depth)) + string.Concat(Enumerable.Repeat(":1\r\n", closers)));
            var limits = RespParserLimits.Default with { MaxDepth = 32 };
            try
            {
                var complete = new RespReplyParser(limits).TryRead(new ReadOnlySequence<byte>(frame), out _, out _);
                return complete && depth <= 32;
            }
            catch (RespProtocolException)
            {
                return depth > 32;
            }
        }).Check(Runs);
    }

    /// <summary>
    /// Reads frames until the parser needs more data or rejects the bytes. Any other exception fails the
    /// property; the loop ends because every frame read consumes at least one byte.
    /// </summary>
    private static bool ParsesCleanly(byte[] bytes, RespParserLimits limits)
    {
        var sut = new RespReplyParser(limits);
        var buffer = new ReadOnlySequence<byte>(bytes);
        try
        {
            while (sut.TryRead(buffer, out _, out var end))
            {
                var next = buffer.Slice(end);
                if (next.Length >= buffer.Length)
                {
                    return false;
                }

                buffer = next;
            }

            return true;
        }
        catch (RespProtocolException)
        {
            return true;
        }
    }
}
