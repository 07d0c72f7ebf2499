using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// One reply from the store: a kind plus its data. Strings are kept as the bytes read from the wire (copied
/// once out of the socket buffer, never again); aggregates share one array per reply frame.
/// </summary>
/// <remarks>
/// The accessors are protocol-agnostic on purpose: <see cref="AsDouble"/> reads a RESP3 double and a RESP2
/// bulk string "1.5" alike, <see cref="AsArray"/> returns a RESP3 map flat (key, value, ...) exactly as
/// RESP2 returns the same command's reply, so callers work unchanged on either protocol.
/// The value owns garbage-collected memory only, so it may be kept as long as the caller likes.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct RespValue : IEquatable<RespValue>
{
    private readonly object? _reference;   // byte[] (string-like kinds) or RespValue[] (aggregates)
    private readonly long _scalar;          // integer, boolean, double bits, or the verbatim format's 3 bytes
    private readonly int _offset;
    private readonly int _length;

    internal RespValue(RespKind kind, long scalar, object? reference, int offset, int length)
    {
        Kind = kind;
        _scalar = scalar;
        _reference = reference;
        _offset = offset;
        _length = length;
    }

    /// <summary>The wire type of the value.</summary>
    public RespKind Kind { get; }

    /// <summary>Whether this is a null reply (RESP2 <c>$-1</c>/<c>*-1</c>, RESP3 <c>_</c>).</summary>
    public bool IsNull => Kind == RespKind.Null;

    /// <summary>Whether this is an error (simple or bulk).</summary>
    public bool IsError => Kind == RespKind.Error;

    /// <summary>Whether the value holds child values (array, map, set, push).</summary>
    public bool IsAggregate => Kind is RespKind.Array or RespKind.Map or RespKind.Set or RespKind.Push;

    /// <summary>Number of child values of an aggregate (a map with n pairs has 2n); 0 for other kinds.</summary>
    public int Count => IsAggregate ? _length : 0;

    /// <summary>The child at <paramref name="index"/> of an aggregate.</summary>
    public RespValue this[int index] => AsSpan()[index];

    /// <summary>The null reply.</summary>
    public static RespValue Null => default;

    /// <summary>For <see cref="RespKind.VerbatimString"/>: its three-letter format (<c>txt</c>, <c>mkd</c>); otherwise <see langword="null"/>.</summary>
    public string? VerbatimFormat => Kind == RespKind.VerbatimString
        ? string.Create(3, _scalar, static (span, packed) =>
        {
            span[0] = (char)(byte)(packed >> 16);
            span[1] = (char)(byte)(packed >> 8);
            span[2] = (char)(byte)packed;
        })
        : null;

    /// <summary>For errors: the first word of the message (<c>ERR</c>, <c>WRONGTYPE</c>, <c>NOSCRIPT</c>); otherwise <see langword="null"/>.</summary>
    public string? ErrorCode
    {
        get
        {
            if (Kind != RespKind.Error)
            {
                return null;
            }

            var bytes = RawBytes;
            var space = bytes.IndexOf((byte)' ');
            return Encoding.UTF8.GetString(space < 0 ? bytes : bytes[..space]);
        }
    }

    private ReadOnlySpan<byte> RawBytes => _reference is byte[] bytes ? bytes.AsSpan(_offset, _length) : default;

    /// <summary>
    /// The string form: the text of string-like kinds and errors, the decimal text of integers, doubles and big
    /// numbers, <c>true</c>/<c>false</c> for booleans; <see langword="null"/> for a null reply.
    /// </summary>
    /// <exception cref="InvalidCastException">The value is an aggregate.</exception>
    public string? AsString() => Kind switch
    {
        RespKind.Null => null,
        RespKind.Integer => _scalar.ToString(CultureInfo.InvariantCulture),
        RespKind.Boolean => _scalar != 0 ? "true" : "false",
        RespKind.SimpleString or RespKind.Error or RespKind.BulkString or RespKind.VerbatimString
            or RespKind.BigNumber or RespKind.Double => Encoding.UTF8.GetString(RawBytes),
        _ => throw Mismatch("a string"),
    };

    /// <summary>The bytes of a string-like value (for verbatim strings, without the format prefix). No copy is made.</summary>
    /// <exception cref="InvalidCastException">The value is null, an aggregate, an integer or a boolean.</exception>
    public ReadOnlyMemory<byte> AsBytes() => Kind switch
    {
        RespKind.SimpleString or RespKind.Error or RespKind.BulkString or RespKind.VerbatimString
            or RespKind.BigNumber or RespKind.Double => new ReadOnlyMemory<byte>((byte[]?)_reference, _offset, _length),
        _ => throw Mismatch("bytes"),
    };

    /// <summary>An integer: from an integer reply, a boolean (1/0), or a string holding a 64-bit decimal integer.</summary>
    /// <exception cref="InvalidCastException">The value cannot be read as a 64-bit integer.</exception>
    public long AsInt64()
    {
        switch (Kind)
        {
            case RespKind.Integer:
            case RespKind.Boolean:
                return _scalar;
            case RespKind.SimpleString or RespKind.BulkString or RespKind.BigNumber or RespKind.VerbatimString:
                if (Utf8Parser.TryParse(RawBytes, out long parsed, out var consumed) && consumed == _length && _length > 0)
                {
                    return parsed;
                }

                throw Mismatch("a 64-bit integer");
            default:
                throw Mismatch("a 64-bit integer");
        }
    }

    /// <summary>A double: from a RESP3 double, an integer, or a string such as <c>1.5</c>, <c>inf</c>, <c>-inf</c>, <c>nan</c>.</summary>
    /// <exception cref="InvalidCastException">The value cannot be read as a double.</exception>
    public double AsDouble()
    {
        switch (Kind)
        {
            case RespKind.Double:
                return BitConverter.Int64BitsToDouble(_scalar);
            case RespKind.Integer:
                return _scalar;
            case RespKind.SimpleString or RespKind.BulkString or RespKind.BigNumber or RespKind.VerbatimString:
                return RespNumbers.TryParseDouble(RawBytes, out var value) ? value : throw Mismatch("a double");
            default:
                throw Mismatch("a double");
        }
    }

    /// <summary>A boolean: from a RESP3 boolean, or the integer 1/0 RESP2 uses for the same replies.</summary>
    /// <exception cref="InvalidCastException">The value is neither a boolean nor 0/1.</exception>
    public bool AsBoolean() => Kind switch
    {
        RespKind.Boolean => _scalar != 0,
        RespKind.Integer when _scalar is 0 or 1 => _scalar == 1,
        _ => throw Mismatch("a boolean"),
    };

    /// <summary>An integer of any size: from a big number, an integer, or a decimal string.</summary>
    /// <exception cref="InvalidCastException">The value is not an integer.</exception>
    public BigInteger AsBigInteger() => Kind switch
    {
        RespKind.Integer => _scalar,
        RespKind.BigNumber or RespKind.BulkString or RespKind.SimpleString
            when BigInteger.TryParse(Encoding.ASCII.GetString(RawBytes), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big) => big,
        _ => throw Mismatch("an integer"),
    };

    /// <summary>The children of an array, set, push or map (a map flat: key, value, key, value, ...). No copy is made.</summary>
    /// <exception cref="InvalidCastException">The value is not an aggregate (check <see cref="IsNull"/> first: RESP2 returns <c>*-1</c> for some empty replies).</exception>
    public ReadOnlyMemory<RespValue> AsArray() => IsAggregate
        ? new ReadOnlyMemory<RespValue>((RespValue[]?)_reference, _offset, _length)
        : throw Mismatch("an array");

    /// <summary>The children of an aggregate as a span (see <see cref="AsArray"/>).</summary>
    public ReadOnlySpan<RespValue> AsSpan() => AsArray().Span;

    /// <summary>
    /// The key/value pairs of a RESP3 map, or of a flat RESP2 array of even length (HGETALL, CONFIG GET).
    /// </summary>
    /// <exception cref="InvalidCastException">The value is neither a map nor an even-length array.</exception>
    public IEnumerable<KeyValuePair<RespValue, RespValue>> AsPairs()
    {
        if (!(Kind == RespKind.Map || (Kind == RespKind.Array && _length % 2 == 0)))
        {
            throw Mismatch("key/value pairs");
        }

        return Pairs(AsArray());

        static IEnumerable<KeyValuePair<RespValue, RespValue>> Pairs(ReadOnlyMemory<RespValue> items)
        {
            for (var i = 0; i + 1 < items.Length; i += 2)
            {
                yield return new KeyValuePair<RespValue, RespValue>(items.Span[i], items.Span[i + 1]);
            }
        }
    }

    /// <summary>A string value (bulk string): a copy of <paramref name="text"/>'s UTF-8 bytes.</summary>
    public static RespValue CreateBulkString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        return new RespValue(RespKind.BulkString, 0, bytes, 0, bytes.Length);
    }

    /// <summary>A bulk string over <paramref name="bytes"/> (no copy when it is backed by an array).</summary>
    public static RespValue CreateBulkString(ReadOnlyMemory<byte> bytes) => FromBytes(RespKind.BulkString, bytes);

    /// <summary>A simple string (must not contain CR or LF).</summary>
    public static RespValue CreateSimpleString(string text) => FromText(RespKind.SimpleString, text, singleLine: true);

    /// <summary>An error with the given message (<c>ERR something</c>).</summary>
    public static RespValue CreateError(string message) => FromText(RespKind.Error, message, singleLine: false);

    /// <summary>A big number from its decimal text.</summary>
    public static RespValue CreateBigNumber(BigInteger value) =>
        FromText(RespKind.BigNumber, value.ToString(CultureInfo.InvariantCulture), singleLine: true);

    /// <summary>A verbatim string with a three-letter ASCII format such as <c>txt</c>.</summary>
    public static RespValue CreateVerbatimString(string format, string text)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(text);
        if (format.Length != 3 || !Ascii.IsValid(format) || format.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A verbatim string format is exactly three ASCII characters, such as 'txt'.", nameof(format));
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return new RespValue(RespKind.VerbatimString, PackFormat(format[0], format[1], format[2]), bytes, 0, bytes.Length);
    }

    /// <summary>An integer.</summary>
    public static RespValue CreateInteger(long value) => new(RespKind.Integer, value, null, 0, 0);

    /// <summary>A boolean.</summary>
    public static RespValue CreateBoolean(bool value) => new(RespKind.Boolean, value ? 1 : 0, null, 0, 0);

    /// <summary>A double (infinities and NaN allowed, as RESP3 does).</summary>
    public static RespValue CreateDouble(double value)
    {
        var text = RespNumbers.FormatDouble(value);
        return new RespValue(RespKind.Double, BitConverter.DoubleToInt64Bits(value), text, 0, text.Length);
    }

    /// <summary>An array of <paramref name="items"/> (not copied).</summary>
    public static RespValue CreateArray(params RespValue[] items) => FromItems(RespKind.Array, items);

    /// <summary>A set of <paramref name="items"/> (not copied).</summary>
    public static RespValue CreateSet(params RespValue[] items) => FromItems(RespKind.Set, items);

    /// <summary>A push message of <paramref name="items"/> (not copied).</summary>
    public static RespValue CreatePush(params RespValue[] items) => FromItems(RespKind.Push, items);

    /// <summary>A map from flat <paramref name="keysAndValues"/> (key, value, key, value, ...; not copied).</summary>
    public static RespValue CreateMap(params RespValue[] keysAndValues)
    {
        ArgumentNullException.ThrowIfNull(keysAndValues);
        return keysAndValues.Length % 2 == 0
            ? FromItems(RespKind.Map, keysAndValues)
            : throw new ArgumentException("A map needs an even number of values (key, value, ...).", nameof(keysAndValues));
    }

    internal static long PackFormat(int a, int b, int c) => ((long)(byte)a << 16) | ((long)(byte)b << 8) | (byte)c;

    private static RespValue FromItems(RespKind kind, RespValue[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new RespValue(kind, 0, items, 0, items.Length);
    }

    private static RespValue FromBytes(RespKind kind, ReadOnlyMemory<byte> bytes)
    {
        if (!MemoryMarshal.TryGetArray(bytes, out var segment))
        {
            segment = new ArraySegment<byte>(bytes.ToArray());
        }

        return new RespValue(kind, 0, segment.Array, segment.Offset, segment.Count);
    }

    private static RespValue FromText(RespKind kind, string text, bool singleLine)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0 && singleLine)
        {
            throw new ArgumentException("A simple string or number cannot contain CR or LF.", nameof(text));
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return new RespValue(kind, 0, bytes, 0, bytes.Length);
    }

    private InvalidCastException Mismatch(string wanted) =>
        new($"The store replied with {Describe()}, which cannot be read as {wanted}.");

    private string Describe() => Kind switch
    {
        RespKind.Null => "null",
        RespKind.Error => $"the error '{AsString()}'",
        RespKind.Array or RespKind.Set or RespKind.Map or RespKind.Push => $"a {Kind.ToString().ToLowerInvariant()} of {_length}",
        _ => $"a {Kind} value",
    };

    /// <inheritdoc />
    public bool Equals(RespValue other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        switch (Kind)
        {
            case RespKind.Null:
                return true;
            case RespKind.Integer or RespKind.Boolean:
                return _scalar == other._scalar;
            case RespKind.Double:
                return AsDouble().Equals(other.AsDouble());
            case RespKind.VerbatimString:
                return _scalar == other._scalar && RawBytes.SequenceEqual(other.RawBytes);
            case RespKind.Array or RespKind.Set or RespKind.Map or RespKind.Push:
                var mine = AsSpan();
                var theirs = other.AsSpan();
                if (mine.Length != theirs.Length)
                {
                    return false;
                }

                for (var i = 0; i < mine.Length; i++)
                {
                    if (!mine[i].Equals(theirs[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return RawBytes.SequenceEqual(other.RawBytes);
        }
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RespValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Kind switch
    {
        RespKind.Integer or RespKind.Boolean => HashCode.Combine(Kind, _scalar),
        RespKind.Double => HashCode.Combine(Kind, AsDouble()),
        RespKind.Null => 0,
        _ => HashCode.Combine(Kind, _length),
    };

    /// <summary>Structural equality.</summary>
    public static bool operator ==(RespValue left, RespValue right) => left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(RespValue left, RespValue right) => !left.Equals(right);

    /// <summary>A short description for logs and debuggers (long strings are cut).</summary>
    public override string ToString()
    {
        const int Max = 64;
        switch (Kind)
        {
            case RespKind.Null:
                return "(null)";
            case RespKind.Array or RespKind.Set or RespKind.Map or RespKind.Push:
                return $"({Kind.ToString().ToLowerInvariant()} of {_length})";
            default:
                var text = AsString() ?? string.Empty;
                return text.Length > Max ? $"{Kind}: {text[..Max]}... ({_length} bytes)" : $"{Kind}: {text}";
        }
    }
}
