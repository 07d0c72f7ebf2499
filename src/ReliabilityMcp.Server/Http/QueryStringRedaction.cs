namespace ReliabilityMcp.Server.Http;

/// <summary>
/// A query string as it may be logged: the value of every parameter whose name looks like a credential
/// (<c>access_token</c>, <c>token</c>, <c>api_key</c>, <c>key</c>, <c>password</c>, <c>secret</c>, <c>sig</c>, ...) is
/// replaced with <see cref="Redacted"/>. Clients do send bearer tokens in URLs (issue 17: the 401 was right, the log
/// line kept the token); the server never accepts one there, so it never needs the value in a log either.
/// </summary>
internal static class QueryStringRedaction
{
    /// <summary>What a redacted value reads as.</summary>
    public const string Redacted = "[redacted]";

    // Matched as substrings of the lower-cased, unescaped name: "x-api-key", "client_secret", "X-Amz-Signature" all hit.
    private static readonly string[] SensitiveFragments =
        ["token", "key", "password", "passwd", "pwd", "secret", "sig", "auth", "credential", "session", "cookie", "code"];

    /// <summary><paramref name="query"/> (with its leading <c>?</c>) with credential values redacted; empty when there is none.</summary>
    public static string Redact(QueryString query)
    {
        var text = query.Value;
        if (string.IsNullOrEmpty(text) || text == "?")
        {
            return text ?? "";
        }

        var parts = text[1..].Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? parts[i] : parts[i][..equals];
            if (IsSensitive(name))
            {
                parts[i] = $"{name}={Redacted}";
            }
        }

        return "?" + string.Join('&', parts);
    }

    private static bool IsSensitive(string rawName)
    {
        string name;
        try
        {
            name = Uri.UnescapeDataString(rawName.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return true; // unreadable name: assume the worst
        }

        return SensitiveFragments.Any(fragment => name.Contains(fragment, StringComparison.OrdinalIgnoreCase));
    }
}
