using System.Security.Cryptography;
using System.Text;

namespace ReliabilityMcp.Core.Security;

/// <summary>
/// Bearer tokens are stored as the lowercase hex SHA-256 of their UTF-8 bytes, so a leaked configuration file
/// does not leak credentials. Tokens are expected to be long random strings; a plain hash is enough for them
/// (a slow KDF protects low-entropy passwords, which these are not).
/// </summary>
public static class BearerTokenHash
{
    /// <summary>Length of a hash in hex characters.</summary>
    public const int HexLength = SHA256.HashSizeInBytes * 2;

    /// <summary>The lowercase hex SHA-256 of <paramref name="token"/> (UTF-8).</summary>
    public static string ComputeHex(string token) => Convert.ToHexStringLower(Compute(token));

    /// <summary>The SHA-256 of <paramref name="token"/> (UTF-8).</summary>
    public static byte[] Compute(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>Writes the SHA-256 of <paramref name="token"/> (UTF-8) into <paramref name="destination"/> (32 bytes).</summary>
    public static void Compute(string token, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(token);
        SHA256.HashData(Encoding.UTF8.GetBytes(token), destination);
    }

    /// <summary>Parses a configured hash: exactly 64 hex characters.</summary>
    public static bool TryParseHex(string? hex, out byte[] hash)
    {
        hash = [];
        if (hex is null || hex.Length != HexLength || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        hash = Convert.FromHexString(hex);
        return true;
    }

    /// <summary>Compares two hashes in time independent of where they differ.</summary>
    public static bool FixedTimeEquals(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
        => CryptographicOperations.FixedTimeEquals(left, right);
}
