using System.Security.Cryptography;
using System.Text;

namespace ReliabilityMcp.Redis.Connection;

/// <summary>
/// A Lua script with its SHA1 digest computed once, so <see cref="IStoreConnection.EvalAsync"/> sends
/// <c>EVALSHA</c> (the digest instead of the script text) on every call.
/// </summary>
public sealed class StoreScript
{
    /// <summary>Creates a script from its source text.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> is null or empty.</exception>
    public StoreScript(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        Text = text;

        // SHA1 is what the store's script cache is keyed by (EVALSHA), not a security control here.
#pragma warning disable CA5350
        Hash = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
        Sha1 = Convert.ToHexStringLower(Hash);
    }

    /// <summary>The script source.</summary>
    public string Text { get; }

    /// <summary>Lowercase hex SHA1 of the UTF-8 source, as <c>SCRIPT LOAD</c> returns it.</summary>
    public string Sha1 { get; }

    /// <summary>The SHA1 digest itself (20 bytes), as StackExchange.Redis takes it for <c>EVALSHA</c>.</summary>
    internal byte[] Hash { get; }

    /// <inheritdoc />
    public override string ToString() => $"StoreScript {Sha1}";
}
