using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>Number text as RESP writes it: integers in decimal, doubles with <c>inf</c>/<c>-inf</c>/<c>nan</c>.</summary>
internal static class RespNumbers
{
    private static readonly byte[] PositiveInfinity = "inf"u8.ToArray();
    private static readonly byte[] NegativeInfinity = "-inf"u8.ToArray();
    private static readonly byte[] NotANumber = "nan"u8.ToArray();

    /// <summary>Parses a RESP double: decimal or exponent notation, <c>inf</c>, <c>+inf</c>, <c>-inf</c>, <c>nan</c> (any case).</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 64)
        {
            return false;
        }

        var unsigned = text[0] is (byte)'+' or (byte)'-' ? text[1..] : text;
        if (Ascii.EqualsIgnoreCase(unsigned, "inf"u8) || Ascii.EqualsIgnoreCase(unsigned, "infinity"u8))
        {
            value = text[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(unsigned, "nan"u8))
        {
            value = double.NaN;
            return true;
        }

        // Only digits, sign, point and exponent: keeps culture-specific or named forms ("∞", "Infinity") out.
        foreach (var b in text)
        {
            if (!(char.IsAsciiDigit((char)b) || b is (byte)'+' or (byte)'-' or (byte)'.' or (byte)'e' or (byte)'E'))
            {
                return false;
            }
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses a strict RESP integer: optional sign then 1-19 digits, nothing else.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }

        var digits = text[0] is (byte)'+' or (byte)'-' ? text[1..] : text;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }

        return Utf8Parser.TryParse(text[0] == (byte)'+' ? digits : text, out value, out var consumed)
            && consumed == (text[0] == (byte)'+' ? digits.Length : text.Length);
    }

    /// <summary>Formats a double the way Redis reads it back exactly: shortest round-trip text, <c>inf</c>, <c>-inf</c>, <c>nan</c>.</summary>
    public static byte[] FormatDouble(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return PositiveInfinity;
        }

        if (double.IsNegativeInfinity(value))
        {
            return NegativeInfinity;
        }

        if (double.IsNaN(value))
        {
            return NotANumber;
        }

        Span<byte> buffer = stackalloc byte[32];
        return value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture)
            ? buffer[..written].ToArray()
            : throw new InvalidOperationException("A double did not fit in 32 bytes.");
    }

    /// <summary>Writes the shortest round-trip text of a finite double or an infinity; returns the byte count.</summary>
    public static int WriteDouble(double value, Span<byte> destination)
    {
        if (double.IsPositiveInfinity(value))
        {
            "+inf"u8.CopyTo(destination);
            return 4;
        }

        if (double.IsNegativeInfinity(value))
        {
            "-inf"u8.CopyTo(destination);
            return 4;
        }

        return value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture)
            ? written
            : throw new InvalidOperationException("A double did not fit in its buffer.");
    }

    /// <summary>Number of decimal digits (with sign) of <paramref name="value"/>.</summary>
    public static int DigitCount(long value)
    {
        if (value < 0)
        {
            return value == long.MinValue ? 20 : 1 + DigitCount(-value);
        }

        var count = 1;
        while (value >= 10)
        {
            value /= 10;
            count++;
        }

        return count;
    }
}
