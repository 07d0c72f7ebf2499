using System.Net;
using System.Net.Sockets;
using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Tests.Resp;

/// <summary>
/// A scripted TCP server on loopback for behaviour a real store will not produce: garbage, pushes, silence,
/// refusing HELLO. Each accepted connection runs the script; the commands it reads are recorded.
/// </summary>
internal sealed class FakeRespServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<FakeRespClient, CancellationToken, Task> _script;
    private readonly List<Task> _clients = [];
    private readonly Task _acceptLoop;

    private FakeRespServer(Func<FakeRespClient, CancellationToken, Task> script, int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _script = script;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every command read, on any connection, in order (e.g. <c>"HELLO 3"</c>).</summary>
    public List<string> Commands { get; } = [];

    public int Connections { get; private set; }

    public static FakeRespServer Start(Func<FakeRespClient, CancellationToken, Task> script, int port = 0) => new(script, port);

    public StoreConnectionOptions Options(Action<StoreConnectionOptions>? configure = null)
    {
        var options = new StoreConnectionOptions
        {
            Host = "127.0.0.1",
            Port = Port,
            AutoReconnect = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            CommandTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        await Task.WhenAll(_clients.ToArray()).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            lock (Commands)
            {
                Connections++;
            }

            _clients.Add(Task.Run(async () =>
            {
                await using var client = new FakeRespClient(socket, this);
                try
                {
                    await _script(client, _stop.Token);
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The client under test went away, or the server is stopping.
                }
            }));
        }
    }

    internal void Record(string command)
    {
        lock (Commands)
        {
            Commands.Add(command);
        }
    }
}
