using System.Net.Sockets;
using System.Text;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// Readiness probe used while a store process is starting: AUTH then PING on a fresh socket.
/// </summary>
internal static class StoreProbe
{
    public static async Task<bool> PingAsync(string host, int port, string? password, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            var request = password is null
                ? "*1\r\n$4\r\nPING\r\n"
                : $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request), cts.Token).ConfigureAwait(false);
            var buffer = new byte[256];
            var text = new StringBuilder();
            while (!text.ToString().Contains("PONG", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
                if (read == 0 || text.Length > 1024)
                {
                    return false;
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
                if (text.ToString().StartsWith('-'))
                {
                    return false;
                }
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
