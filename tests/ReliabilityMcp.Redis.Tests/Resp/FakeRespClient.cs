using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Redis.Tests.Resp;

/// <summary>One accepted connection of <see cref="FakeRespServer"/>.</summary>
internal sealed class FakeRespClient(Socket socket, FakeRespServer server) : IAsyncDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly RespReplyParser _parser = new(RespParserLimits.Default);
    private PipeReader? _reader;

    private PipeReader Reader => _reader ??= PipeReader.Create(_stream);

    /// <summary>Reads one command (a RESP array of bulk strings) and returns its words.</summary>
    public async Task<string[]> ReadCommandAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (_parser.TryRead(buffer, out var value, out var end))
            {
                Reader.AdvanceTo(end);
                var words = value.AsArray().ToArray().Select(v => v.AsString()!).ToArray();
                server.Record(string.Join(' ', words));
                return words;
            }

            Reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new IOException("The client closed the connection.");
            }
        }
    }

    public async Task SendAsync(string raw, CancellationToken cancellationToken) =>
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(raw), cancellationToken);

    public async Task SendAsync(byte[] raw, CancellationToken cancellationToken) => await _stream.WriteAsync(raw, cancellationToken);

    /// <summary>Answers HELLO with a RESP3 map and PING with PONG, as a store without a password would.</summary>
    public async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var hello = await ReadCommandAsync(cancellationToken);
        Assert.Equal("HELLO", hello[0]);
        await SendAsync("%2\r\n+server\r\n+fake\r\n+proto\r\n:3\r\n", cancellationToken);
        var ping = await ReadCommandAsync(cancellationToken);
        Assert.Equal("PING", ping[0]);
        await SendAsync("+PONG\r\n", cancellationToken);
    }

    public void Abort()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.CompleteAsync();
        }

        await _stream.DisposeAsync();
    }
}
