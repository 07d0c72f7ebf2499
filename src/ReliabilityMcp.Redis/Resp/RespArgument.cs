using System.Buffers.Text;
using System.Text;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// One command argument: text (sent as UTF-8), raw bytes, an integer or a double. Converts implicitly, so
/// callers write <c>ExecuteAsync("SET", [key, value, "EX", 60], ct)</c>; no intermediate string is built for
/// numbers or bytes.
/// </summary>
public readonly struct RespArgument
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly string? _text;
    private readonly long _number;
    private readonly Form _form;

    private RespArgument(Form form, string? text, ReadOnlyMemory<byte> bytes, long number)
    {
        _form = form;
        _text = text;
        _bytes = bytes;
        _number = number;
    }

    private enum Form : byte
    {
        Bytes = 0,
        Text,
        Integer,
        Double,
    }

    /// <summary>Text, sent as its UTF-8 bytes.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static RespArgument FromString(string text) =>
        new(Form.Text, text ?? throw new ArgumentNullException(nameof(text)), default, 0);

    /// <summary>Raw bytes, sent as they are (the caller must not change them until the command completes).</summary>
    public static RespArgument FromBytes(ReadOnlyMemory<byte> bytes) => new(Form.Bytes, null, bytes, 0);

    /// <summary>An integer in decimal.</summary>
    public static RespArgument FromInt64(long value) => new(Form.Integer, null, default, value);

    /// <summary>A double in its shortest round-trip form (<c>+inf</c>/<c>-inf</c> for infinities).</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN, which the store rejects.</exception>
    public static RespArgument FromDouble(double value) => double.IsNaN(value)
        ? throw new ArgumentException("NaN cannot be sent to the store.", nameof(value))
        : new(Form.Double, null, default, BitConverter.DoubleToInt64Bits(value));

    /// <summary>See <see cref="FromString"/>.</summary>
    public static implicit operator RespArgument(string text) => FromString(text);

    /// <summary>See <see cref="FromBytes"/>.</summary>
    public static implicit operator RespArgument(ReadOnlyMemory<byte> bytes) => FromBytes(bytes);

    /// <summary>See <see cref="FromBytes"/>.</summary>
    public static implicit operator RespArgument(byte[] bytes) =>
        FromBytes(bytes ?? throw new ArgumentNullException(nameof(bytes)));

    /// <summary>See <see cref="FromInt64"/>.</summary>
    public static implicit operator RespArgument(long value) => FromInt64(value);

    /// <summary>See <see cref="FromInt64"/>.</summary>
    public static implicit operator RespArgument(int value) => FromInt64(value);

    /// <summary>See <see cref="FromDouble"/>.</summary>
    public static implicit operator RespArgument(double value) => FromDouble(value);

    /// <summary>The argument as text, for messages (bytes shown as UTF-8).</summary>
    public override string ToString() => _form switch
    {
        Form.Text => _text!,
        Form.Integer => _number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Form.Double => Encoding.ASCII.GetString(RespNumbers.FormatDouble(BitConverter.Int64BitsToDouble(_number))),
        _ => Encoding.UTF8.GetString(_bytes.Span),
    };

    /// <summary>Whether this is the text <paramref name="value"/> (ASCII case-insensitive).</summary>
    internal bool TextEquals(string value) => _form switch
    {
        Form.Text => string.Equals(_text, value, StringComparison.OrdinalIgnoreCase),
        Form.Bytes => Ascii.EqualsIgnoreCase(_bytes.Span, value),
        _ => false,
    };

    /// <summary>How many bytes <see cref="Write"/> produces.</summary>
    internal int ByteCount => _form switch
    {
        Form.Text => Encoding.UTF8.GetByteCount(_text!),
        Form.Integer => RespNumbers.DigitCount(_number),
        Form.Double => RespNumbers.WriteDouble(BitConverter.Int64BitsToDouble(_number), stackalloc byte[32]),
        _ => _bytes.Length,
    };

    /// <summary>Writes the argument's bytes; returns the count.</summary>
    internal int Write(Span<byte> destination)
    {
        switch (_form)
        {
            case Form.Text:
                return Encoding.UTF8.GetBytes(_text!, destination);
            case Form.Integer:
                return Utf8Formatter.TryFormat(_number, destination, out var written)
                    ? written
                    : throw new InvalidOperationException("An integer did not fit in its buffer.");
            case Form.Double:
                return RespNumbers.WriteDouble(BitConverter.Int64BitsToDouble(_number), destination);
            default:
                _bytes.Span.CopyTo(destination);
                return _bytes.Length;
        }
    }
}
