using System.Text;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>Reads a stream to its end keeping at most a bound of bytes, so a chatty process cannot fill memory.</summary>
internal static class BoundedOutput
{
    /// <summary>The first <paramref name="max"/> bytes as UTF-8 text, and whether more were discarded.</summary>
    public static async Task<(string Text, bool Truncated)> ReadAsync(Stream stream, int max, CancellationToken cancellationToken)
    {
        var kept = new MemoryStream();
        var buffer = new byte[8192];
        var truncated = false;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var room = max - (int)kept.Length;
            if (room > 0)
            {
                kept.Write(buffer, 0, Math.Min(room, read));
            }

            truncated |= read > room;
        }

        return (Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length), truncated);
    }
}
