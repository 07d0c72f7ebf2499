using System.Buffers;
using System.Diagnostics;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// Incremental RESP2/RESP3 reply parser over a <see cref="ReadOnlySequence{T}"/> (one instance per connection,
/// used by one reader at a time).
/// </summary>
/// <remarks>
/// Two passes per frame. The scan pass walks element headers with an explicit stack (no recursion, so a deep
/// frame cannot overflow the stack), checks every limit, and remembers how far it got: when a frame arrives in
/// pieces, the next call resumes at the last complete element instead of starting over, so a large reply costs
/// linear time. Only when the whole frame is in the buffer does the materialising pass copy it, once, into one
/// byte array (all string payloads) and one <see cref="RespValue"/> array (all children): memory is allocated
/// for bytes that have arrived, never for lengths a server merely announces.
/// Attributes (<c>|</c>) are parsed and skipped. Streamed RESP3 strings and aggregates (<c>$?</c>) are
/// rejected: no Redis-protocol server sends them.
/// </remarks>
internal sealed class RespReplyParser
{
    private static readonly byte[] Ok = "OK"u8.ToArray();
    private static readonly byte[] Pong = "PONG"u8.ToArray();
    private static readonly byte[] Queued = "QUEUED"u8.ToArray();

    private readonly RespParserLimits _limits;
    private readonly OpenAggregate[] _stack;
    private int _depth;
    private long _scanned;
    private long _payloadBytes;
    private long _nodeCount;
    private bool _materializing;

    public RespReplyParser(RespParserLimits limits)
    {
        if (limits.MaxDepth is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(limits), "MaxDepth must be between 1 and 1024.");
        }

        _limits = limits;
        _stack = new OpenAggregate[limits.MaxDepth];
    }

    /// <summary>
    /// Reads one complete reply frame from the start of <paramref name="buffer"/>. Returns <see langword="false"/>
    /// when the frame is not complete yet: call again with the same start and more data appended.
    /// </summary>
    /// <param name="buffer">Unconsumed bytes; must start where the previous call's frame ended.</param>
    /// <param name="value">The reply, when complete.</param>
    /// <param name="end">Where the frame ends (consume up to here), when complete.</param>
    /// <exception cref="RespProtocolException">The bytes are not valid RESP or exceed a limit.</exception>
    public bool TryRead(in ReadOnlySequence<byte> buffer, out RespValue value, out SequencePosition end)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (_scanned > 0)
        {
            reader.Advance(_scanned);
        }

        while (true)
        {
            if (!TryReadElement(ref reader, out var element))
            {
                if (buffer.Length > _limits.MaxReplyBytes)
                {
                    throw new RespProtocolException($"A reply is larger than the limit of {_limits.MaxReplyBytes} bytes.");
                }

                value = default;
                end = default;
                return false;
            }

            var completed = Account(element);
            while (completed && _depth > 0)
            {
                ref var top = ref _stack[_depth - 1];
                if (--top.Remaining > 0)
                {
                    completed = false;
                    break;
                }

                _depth--;

                // An attribute annotates the next value; finishing it does not finish an element of its parent.
                completed = !top.IsAttribute;
            }

            _scanned = reader.Consumed;
            if (completed && _depth == 0)
            {
                end = reader.Position;
                try
                {
                    value = Materialize(buffer.Slice(0, end));
                }
                finally
                {
                    Reset();
                }

                return true;
            }
        }
    }

    /// <summary>Forgets a partly scanned frame (after the connection that fed it is gone).</summary>
    public void Reset()
    {
        _depth = 0;
        _scanned = 0;
        _payloadBytes = 0;
        _nodeCount = 0;
    }

    /// <summary>Counts what materialising <paramref name="element"/> will need; returns whether it is a complete element.</summary>
    private bool Account(in Element element)
    {
        _payloadBytes += element.Payload.Length;
        if (_payloadBytes > Array.MaxLength)
        {
            throw new RespProtocolException("A reply holds more string data than one array can.");
        }

        if (!element.IsAggregateHeader)
        {
            return true;
        }

        var children = element.Number;
        if (children == 0)
        {
            // An empty attribute annotates nothing; an empty aggregate is a complete element.
            return element.Type != (byte)'|';
        }

        if (_depth == _limits.MaxDepth)
        {
            throw new RespProtocolException($"A reply nests aggregates deeper than the limit of {_limits.MaxDepth}.");
        }

        _nodeCount += children;
        if (_nodeCount > Array.MaxLength)
        {
            throw new RespProtocolException("A reply holds more values than one array can.");
        }

        _stack[_depth++] = new OpenAggregate((int)children, element.Type == (byte)'|');
        return false;
    }

    private RespValue Materialize(ReadOnlySequence<byte> frame)
    {
        var first = frame.FirstSpan[0];
        if (first == (byte)'+' && _nodeCount == 0 && _payloadBytes <= 6)
        {
            // The commonest replies carry no data worth allocating for.
            var text = frame.Slice(1, _payloadBytes);
            foreach (var known in (ReadOnlySpan<byte[]>)[Ok, Pong, Queued])
            {
                if (text.Length == known.Length && text.FirstSpan.Length == known.Length && text.FirstSpan.SequenceEqual(known))
                {
                    return new RespValue(RespKind.SimpleString, 0, known, 0, known.Length);
                }
            }
        }

        var target = new Target(
            _payloadBytes > 0 ? GC.AllocateUninitializedArray<byte>((int)_payloadBytes) : null,
            _nodeCount > 0 ? new RespValue[_nodeCount] : null);
        var reader = new SequenceReader<byte>(frame);
        _materializing = true;
        try
        {
            var value = ReadValue(ref reader, ref target);
            Debug.Assert(reader.End, "The scan pass and the materialising pass disagree on the frame's end.");
            return value;
        }
        finally
        {
            _materializing = false;
        }
    }

    /// <summary>Builds one value from a frame known to be complete and valid; recursion is bounded by <see cref="RespParserLimits.MaxDepth"/>.</summary>
    private RespValue ReadValue(ref SequenceReader<byte> reader, ref Target target)
    {
        while (true)
        {
            var complete = TryReadElement(ref reader, out var element);
            Debug.Assert(complete, "The frame was scanned as complete.");
            switch (element.Type)
            {
                case (byte)'|':
                    for (var i = 0; i < element.Number; i++)
                    {
                        _ = ReadValue(ref reader, ref target);
                    }

                    continue;
                case (byte)'_':
                    return default;
                case (byte)':':
                    return new RespValue(RespKind.Integer, element.Number, null, 0, 0);
                case (byte)'#':
                    return new RespValue(RespKind.Boolean, element.Number, null, 0, 0);
                case (byte)'+':
                    return target.Copy(RespKind.SimpleString, element.Payload, 0);
                case (byte)'-' or (byte)'!':
                    return target.Copy(RespKind.Error, element.Payload, 0);
                case (byte)'$':
                    return target.Copy(RespKind.BulkString, element.Payload, 0);
                case (byte)'(':
                    return target.Copy(RespKind.BigNumber, element.Payload, 0);
                case (byte)',':
                    return target.Copy(RespKind.Double, element.Payload, element.Number);
                case (byte)'=':
                    return target.Copy(RespKind.VerbatimString, element.Payload, element.Number);
                default:
                    var kind = element.Type switch
                    {
                        (byte)'*' => RespKind.Array,
                        (byte)'%' => RespKind.Map,
                        (byte)'~' => RespKind.Set,
                        _ => RespKind.Push,
                    };
                    var count = (int)element.Number;
                    if (count == 0)
                    {
                        return new RespValue(kind, 0, Array.Empty<RespValue>(), 0, 0);
                    }

                    var start = target.Reserve(count);
                    for (var i = 0; i < count; i++)
                    {
                        target.Nodes![start + i] = ReadValue(ref reader, ref target);
                    }

                    return new RespValue(kind, 0, target.Nodes, start, count);
            }
        }
    }

    /// <summary>
    /// Reads and validates one element: a scalar with its payload, or an aggregate's header. Null forms
    /// (<c>$-1</c>, <c>*-1</c>, <c>_</c>) come back as type <c>_</c>.
    /// </summary>
    /// <returns><see langword="false"/> when more bytes are needed.</returns>
    private bool TryReadElement(ref SequenceReader<byte> reader, out Element element)
    {
        element = default;
        if (!reader.TryRead(out var type))
        {
            return false;
        }

        element.Type = type;
        ReadOnlySequence<byte> line;
        switch (type)
        {
            case (byte)'+' or (byte)'-':
                if (!TryReadLine(ref reader, _limits.MaxLineLength, out line))
                {
                    return false;
                }

                element.Payload = line;
                return true;

            case (byte)':':
                if (!TryReadLine(ref reader, 32, out line))
                {
                    return false;
                }

                element.Number = ParseInteger(line, "integer");
                return true;

            case (byte)'#':
                if (!TryReadLine(ref reader, 32, out line))
                {
                    return false;
                }

                element.Number = line.Length == 1 && line.FirstSpan[0] == (byte)'t' ? 1
                    : line.Length == 1 && line.FirstSpan[0] == (byte)'f' ? 0
                    : throw new RespProtocolException("A RESP3 boolean must be '#t' or '#f'.");
                return true;

            case (byte)'_':
                if (!TryReadLine(ref reader, 32, out line))
                {
                    return false;
                }

                return line.IsEmpty ? true : throw new RespProtocolException("A RESP3 null must be '_' followed by CRLF.");

            case (byte)',':
                if (!TryReadLine(ref reader, 64, out line))
                {
                    return false;
                }

                // The scan only needs the line's extent; the number is parsed (and rejected if malformed) once,
                // when the frame is materialised, which resets the parser on failure like any protocol error.
                if (_materializing)
                {
                    Span<byte> scratch = stackalloc byte[64];
                    if (!RespNumbers.TryParseDouble(Flatten(line, scratch), out var number))
                    {
                        throw new RespProtocolException("A RESP3 double is not a number.");
                    }

                    element.Number = BitConverter.DoubleToInt64Bits(number);
                }

                element.Payload = line;
                return true;

            case (byte)'(':
                if (!TryReadLine(ref reader, _limits.MaxLineLength, out line))
                {
                    return false;
                }

                ValidateBigNumber(line);
                element.Payload = line;
                return true;

            case (byte)'$' or (byte)'!' or (byte)'=':
                return TryReadBulk(ref reader, ref element);

            case (byte)'*' or (byte)'%' or (byte)'~' or (byte)'>' or (byte)'|':
                if (!TryReadLine(ref reader, 32, out line))
                {
                    return false;
                }

                var count = ParseLength(line, type);
                if (count < 0)
                {
                    element.Type = (byte)'_';
                    return true;
                }

                var children = type is (byte)'%' or (byte)'|' ? count * 2 : count;
                if (children > _limits.MaxAggregateLength)
                {
                    throw new RespProtocolException(
                        $"A reply aggregate announces {children} values, more than the limit of {_limits.MaxAggregateLength}.");
                }

                element.Number = children;
                element.IsAggregateHeader = true;
                return true;

            default:
                throw new RespProtocolException(
                    $"Unexpected byte 0x{type:X2} where a RESP type marker was expected (the stream is not RESP, or is out of step).");
        }
    }

    private bool TryReadBulk(ref SequenceReader<byte> reader, ref Element element)
    {
        var type = element.Type;
        if (!TryReadLine(ref reader, 32, out var line))
        {
            return false;
        }

        var length = ParseLength(line, type);
        if (length < 0)
        {
            element.Type = (byte)'_';
            return true;
        }

        if (length > _limits.MaxBulkLength)
        {
            throw new RespProtocolException(
                $"A reply string announces {length} bytes, more than the limit of {_limits.MaxBulkLength}.");
        }

        if (reader.Consumed + length + 2 > _limits.MaxReplyBytes)
        {
            throw new RespProtocolException($"A reply is larger than the limit of {_limits.MaxReplyBytes} bytes.");
        }

        if (reader.Remaining < length + 2)
        {
            return false;
        }

        var payload = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new RespProtocolException("A reply string is not followed by CRLF where its announced length ends.");
        }

        if (type == (byte)'=')
        {
            // Verbatim: "fmt:" then the text; the format is kept apart so the bytes are the text alone.
            Span<byte> prefix = stackalloc byte[4];
            if (length >= 4)
            {
                payload.Slice(0, 4).CopyTo(prefix);
            }

            if (length < 4 || prefix[3] != (byte)':')
            {
                throw new RespProtocolException("A RESP3 verbatim string must start with a three-letter format and ':'.");
            }

            element.Number = RespValue.PackFormat(prefix[0], prefix[1], prefix[2]);
            payload = payload.Slice(4);
        }

        element.Payload = payload;
        return true;
    }

    /// <summary>Reads a CRLF-terminated line; a line still unterminated beyond <paramref name="maxLength"/> is an error, not a wait.</summary>
    private static bool TryReadLine(ref SequenceReader<byte> reader, int maxLength, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\r', advancePastDelimiter: true))
        {
            if (reader.Remaining > maxLength)
            {
                throw new RespProtocolException($"A reply line runs past {maxLength} bytes without CRLF.");
            }

            return false;
        }

        if (line.Length > maxLength)
        {
            throw new RespProtocolException($"A reply line is longer than {maxLength} bytes.");
        }

        if (!reader.TryPeek(out var next))
        {
            return false;
        }

        if (next != (byte)'\n')
        {
            throw new RespProtocolException("A reply line has CR without LF.");
        }

        reader.Advance(1);
        if (line.PositionOf((byte)'\n') is not null)
        {
            throw new RespProtocolException("A reply line contains a bare LF.");
        }

        return true;
    }

    private static long ParseLength(in ReadOnlySequence<byte> line, byte type)
    {
        Span<byte> scratch = stackalloc byte[32];
        var text = Flatten(line, scratch);
        if (text.SequenceEqual("-1"u8) && type is (byte)'$' or (byte)'*')
        {
            return -1;
        }

        if (text.SequenceEqual("?"u8))
        {
            throw new RespProtocolException("Streamed RESP3 strings and aggregates are not supported.");
        }

        if (text.IsEmpty || text.Length > 12 || text.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            throw new RespProtocolException($"A reply length for '{(char)type}' must be a non-negative decimal number.");
        }

        return RespNumbers.TryParseInt64(text, out var length)
            ? length
            : throw new RespProtocolException("A reply length is not a number.");
    }

    private static long ParseInteger(in ReadOnlySequence<byte> line, string what)
    {
        Span<byte> scratch = stackalloc byte[32];
        return RespNumbers.TryParseInt64(Flatten(line, scratch), out var value)
            ? value
            : throw new RespProtocolException($"A reply {what} is not a 64-bit decimal number.");
    }

    private static void ValidateBigNumber(in ReadOnlySequence<byte> line)
    {
        var position = 0L;
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                var sign = position == 0 && b is (byte)'+' or (byte)'-';
                if (!sign && !char.IsAsciiDigit((char)b))
                {
                    throw new RespProtocolException("A RESP3 big number must be decimal digits with an optional sign.");
                }

                position++;
            }
        }

        if (line.Length == 0 || (line.Length == 1 && !char.IsAsciiDigit((char)line.FirstSpan[0])))
        {
            throw new RespProtocolException("A RESP3 big number must have at least one digit.");
        }
    }

    private static ReadOnlySpan<byte> Flatten(in ReadOnlySequence<byte> line, Span<byte> scratch)
    {
        if (line.IsSingleSegment)
        {
            return line.FirstSpan;
        }

        line.CopyTo(scratch);
        return scratch[..(int)line.Length];
    }

    private struct Element
    {
        public byte Type;
        public bool IsAggregateHeader;
        public long Number;
        public ReadOnlySequence<byte> Payload;
    }

    private record struct OpenAggregate(int Remaining, bool IsAttribute);

    private struct Target(byte[]? payload, RespValue[]? nodes)
    {
        private int _payloadUsed;
        private int _nodesUsed;

        public readonly RespValue[]? Nodes => nodes;

        public int Reserve(int count)
        {
            var start = _nodesUsed;
            _nodesUsed += count;
            return start;
        }

        public RespValue Copy(RespKind kind, in ReadOnlySequence<byte> bytes, long scalar)
        {
            var length = (int)bytes.Length;
            if (length == 0)
            {
                return new RespValue(kind, scalar, Array.Empty<byte>(), 0, 0);
            }

            bytes.CopyTo(payload.AsSpan(_payloadUsed, length));
            var value = new RespValue(kind, scalar, payload, _payloadUsed, length);
            _payloadUsed += length;
            return value;
        }
    }
}
