using System.Buffers;
using System.Globalization;
using System.Text;
using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Tests.Resp;

/// <summary>Test helpers: a RESP3 encoder for <see cref="RespValue"/> trees and multi-segment buffers.</summary>
internal static class RespFrames
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Encodes <paramref name="value"/> as RESP3 (errors with CR/LF become bulk errors).</summary>
    public static byte[] Encode(RespValue value)
    {
        var output = new ArrayBufferWriter<byte>();
        Write(value, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Parses exactly one frame that must fill <paramref name="bytes"/>.</summary>
    public static RespValue ParseOne(byte[] bytes, RespParserLimits? limits = null)
    {
        var sut = new RespReplyParser(limits ?? RespParserLimits.Default);
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(sut.TryRead(buffer, out var value, out var end), "The frame should be complete.");
        Assert.Equal(bytes.Length, buffer.Slice(0, end).Length);
        return value;
    }

    /// <summary>
    /// Feeds <paramref name="bytes"/> to one parser as a pipe would: growing prefixes split into segments at
    /// <paramref name="cuts"/>, every call starting at the frame start, and returns the frames read.
    /// </summary>
    public static List<RespValue> ParseIncrementally(byte[] bytes, IEnumerable<int> cuts, RespParserLimits? limits = null)
    {
        var sut = new RespReplyParser(limits ?? RespParserLimits.Default);
        var points = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Append(bytes.Length).ToArray();
        var frames = new List<RespValue>();
        var start = 0;
        foreach (var available in points)
        {
            while (start < available)
            {
                var buffer = Segmented(bytes.AsMemory(start, available - start), points.Select(p => p - start));
                if (!sut.TryRead(buffer, out var value, out var end))
                {
                    break;
                }

                frames.Add(value);
                start += (int)buffer.Slice(0, end).Length;
            }
        }

        Assert.Equal(bytes.Length, start);
        return frames;
    }

    /// <summary>A sequence over <paramref name="bytes"/> split into segments at the given offsets.</summary>
    public static ReadOnlySequence<byte> Segmented(ReadOnlyMemory<byte> bytes, IEnumerable<int> cuts)
    {
        var offsets = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().ToList();
        if (offsets.Count == 0)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes[..offsets[0]], 0);
        var last = first;
        for (var i = 0; i < offsets.Count; i++)
        {
            var from = offsets[i];
            var to = i + 1 < offsets.Count ? offsets[i + 1] : bytes.Length;
            last = last.Append(bytes[from..to]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static void Write(RespValue value, ArrayBufferWriter<byte> output)
    {
        switch (value.Kind)
        {
            case RespKind.Null:
                Text(output, "_\r\n");
                break;
            case RespKind.SimpleString:
                Line(output, '+', value.AsBytes().Span);
                break;
            case RespKind.Error when value.AsBytes().Span.IndexOfAny((byte)'\r', (byte)'\n') >= 0:
                Bulk(output, '!', [], value.AsBytes().Span);
                break;
            case RespKind.Error:
                Line(output, '-', value.AsBytes().Span);
                break;
            case RespKind.Integer:
                Text(output, $":{value.AsInt64().ToString(CultureInfo.InvariantCulture)}\r\n");
                break;
            case RespKind.Double:
                Line(output, ',', value.AsBytes().Span);
                break;
            case RespKind.Boolean:
                Text(output, value.AsBoolean() ? "#t\r\n" : "#f\r\n");
                break;
            case RespKind.BigNumber:
                Line(output, '(', value.AsBytes().Span);
                break;
            case RespKind.BulkString:
                Bulk(output, '$', [], value.AsBytes().Span);
                break;
            case RespKind.VerbatimString:
                Bulk(output, '=', Encoding.ASCII.GetBytes(value.VerbatimFormat + ":"), value.AsBytes().Span);
                break;
            default:
                var marker = value.Kind switch
                {
                    RespKind.Array => '*',
                    RespKind.Set => '~',
                    RespKind.Push => '>',
                    _ => '%',
                };
                var count = value.Kind == RespKind.Map ? value.Count / 2 : value.Count;
                Text(output, $"{marker}{count.ToString(CultureInfo.InvariantCulture)}\r\n");
                foreach (var child in value.AsSpan())
                {
                    Write(child, output);
                }

                break;
        }
    }

    private static void Text(ArrayBufferWriter<byte> output, string text) => output.Write(Encoding.UTF8.GetBytes(text));

    private static void Line(ArrayBufferWriter<byte> output, char marker, ReadOnlySpan<byte> content)
    {
        output.Write([(byte)marker]);
        output.Write(content);
        output.Write("\r\n"u8);
    }

    private static void Bulk(ArrayBufferWriter<byte> output, char marker, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> content)
    {
        Text(output, $"{marker}{(prefix.Length + content.Length).ToString(CultureInfo.InvariantCulture)}\r\n");
        output.Write(prefix);
        output.Write(content);
        output.Write("\r\n"u8);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
