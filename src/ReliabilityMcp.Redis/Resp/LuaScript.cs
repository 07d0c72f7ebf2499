using System.Security.Cryptography;
using System.Text;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// A Lua script with its SHA1 digest computed once, so <see cref="IStoreConnection.EvalAsync"/> can send
/// <c>EVALSHA</c> (a 40-byte digest instead of the script text) on every call.
/// </summary>
public sealed class LuaScript
{
    /// <summary>Creates a script from its source text.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> is null or empty.</exception>
    public LuaScript(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        Text = text;

        // SHA1 is what the store's script cache is keyed by (EVALSHA), not a security control here.
#pragma warning disable CA5350
        var digest = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
        Sha1 = Convert.ToHexStringLower(digest);
        Sha1Bytes = Encoding.ASCII.GetBytes(Sha1);
    }

    /// <summary>The script source.</summary>
    public string Text { get; }

    /// <summary>Lowercase hex SHA1 of the UTF-8 source, as <c>SCRIPT LOAD</c> returns it.</summary>
    public string Sha1 { get; }

    internal byte[] Sha1Bytes { get; }

    /// <inheritdoc />
    public override string ToString() => $"LuaScript {Sha1}";
}
