using System.Net.Sockets;
using System.Text;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>
/// One scripted request/reply exchange with a store (AUTH, then one command), enough to put a key in and
/// read it back across AppHost runs. Deliberately not a client: simple strings and bulk strings only.
/// </summary>
internal static class RespExchange
{
    public static async Task<string?> SendAsync(string connectionString, CancellationToken cancellationToken, params string[] command)
    {
        var endpoint = connectionString.Split(',')[0];
        var password = connectionString.Split(',').Single(p => p.StartsWith("password=", StringComparison.Ordinal))["password=".Length..];
        var colon = endpoint.LastIndexOf(':');
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        await using var stream = client.GetStream();
        var request = new StringBuilder();
        foreach (var parts in new[] { new[] { "AUTH", password }, command })
        {
            request.Append('*').Append(parts.Length).Append("\r\n");
            foreach (var part in parts)
            {
                request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
            }
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var auth = await reader.ReadLineAsync(cancellationToken);
        Assert.Equal("+OK", auth);
        var reply = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("The store closed the connection.");
        return reply[0] switch
        {
            '+' => reply[1..],
            '$' when reply == "$-1" => null,
            '$' => await reader.ReadLineAsync(cancellationToken),
            _ => throw new InvalidOperationException($"Unexpected reply: {reply}"),
        };
    }
}
