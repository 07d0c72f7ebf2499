using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>Encodes a command as a RESP array of bulk strings into a buffer rented from <see cref="ArrayPool{T}"/>.</summary>
internal static class RespCommandWriter
{
    /// <summary>
    /// Encodes <paramref name="command"/> followed by the arguments of up to three spans (so EVALSHA's
    /// sha/numkeys, keys and arguments need no joined copy). The caller owns the returned buffer and returns it
    /// to <see cref="ArrayPool{T}.Shared"/>.
    /// </summary>
    public static byte[] Encode(
        string command,
        ReadOnlySpan<RespArgument> first,
        ReadOnlySpan<RespArgument> second,
        ReadOnlySpan<RespArgument> third,
        out int length)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        var count = 1 + first.Length + second.Length + third.Length;
        var commandBytes = Encoding.UTF8.GetByteCount(command);
        long size = 1 + RespNumbers.DigitCount(count) + 2 + BulkSize(commandBytes);
        size += Size(first) + Size(second) + Size(third);
        if (size > Array.MaxLength)
        {
            throw new ArgumentException($"The command {command} would encode to {size} bytes, more than one buffer can hold.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)size);
        try
        {
            var span = buffer.AsSpan();
            span[0] = (byte)'*';
            var at = 1 + WriteNumber(count, span[1..]);
            at += WriteCrlf(span[at..]);
            at += WriteBulkHeader(commandBytes, span[at..]);
            at += Encoding.UTF8.GetBytes(command, span[at..]);
            at += WriteCrlf(span[at..]);
            at = Write(first, span, at);
            at = Write(second, span, at);
            at = Write(third, span, at);
            length = at;
            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static long Size(ReadOnlySpan<RespArgument> arguments)
    {
        long size = 0;
        foreach (ref readonly var argument in arguments)
        {
            size += BulkSize(argument.ByteCount);
        }

        return size;
    }

    private static long BulkSize(int payload) => 1 + RespNumbers.DigitCount(payload) + 2 + (long)payload + 2;

    private static int Write(ReadOnlySpan<RespArgument> arguments, Span<byte> span, int at)
    {
        foreach (ref readonly var argument in arguments)
        {
            var payload = argument.ByteCount;
            at += WriteBulkHeader(payload, span[at..]);
            var written = argument.Write(span[at..]);
            if (written != payload)
            {
                throw new InvalidOperationException("An argument changed while it was being encoded.");
            }

            at += written;
            at += WriteCrlf(span[at..]);
        }

        return at;
    }

    private static int WriteBulkHeader(int length, Span<byte> span)
    {
        span[0] = (byte)'$';
        var at = 1 + WriteNumber(length, span[1..]);
        return at + WriteCrlf(span[at..]);
    }

    private static int WriteNumber(long value, Span<byte> span) =>
        Utf8Formatter.TryFormat(value, span, out var written) ? written : throw new InvalidOperationException("Buffer too small.");

    private static int WriteCrlf(Span<byte> span)
    {
        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        return 2;
    }
}
