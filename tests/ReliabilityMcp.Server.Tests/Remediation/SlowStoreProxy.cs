using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>
/// A TCP relay between a server and the real store that turns slow on cue: once a request to the store carries
/// <see cref="Marker"/> (and has been relayed, with its answer), everything the server sends next waits
/// <see cref="SlowFor"/> before the store sees it, as a store stalled by a long operation or a congested link would.
/// </summary>
internal sealed class SlowStoreProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _store;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;
    private long _slowUntilTicks;

    public SlowStoreProxy(string host, int port)
    {
        _store = new IPEndPoint(IPAddress.TryParse(host, out var address) ? address : IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Text whose appearance in a request makes the store slow (once).</summary>
    public string? Marker { get; set; }

    /// <summary>How long the store is slow after the marker.</summary>
    public TimeSpan SlowFor { get; set; } = TimeSpan.FromSeconds(2.5);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var store = new TcpClient();
            await store.ConnectAsync(_store, _stop.Token);
            lock (_connections)
            {
                _connections.Add(client);
                _connections.Add(store);
            }

            _ = PumpAsync(client.GetStream(), store.GetStream(), towardsStore: true);
            _ = PumpAsync(store.GetStream(), client.GetStream(), towardsStore: false);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool towardsStore)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                if (towardsStore)
                {
                    var wait = new DateTime(Interlocked.Read(ref _slowUntilTicks), DateTimeKind.Utc) - DateTime.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _stop.Token);
                    }
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                if (towardsStore && Marker is { } marker && Encoding.UTF8.GetString(buffer, 0, read).Contains(marker, StringComparison.Ordinal))
                {
                    Marker = null;
                    Interlocked.Exchange(ref _slowUntilTicks, (DateTime.UtcNow + SlowFor).Ticks);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // A side went away.
        }
    }
}
