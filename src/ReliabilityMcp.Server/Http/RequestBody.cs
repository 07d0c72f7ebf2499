using System.Buffers;

namespace ReliabilityMcp.Server.Http;

/// <summary>
/// A request body read whole into a pooled buffer, bounded by <see cref="McpHttpOptions.MaxRequestBodyBytes"/>.
/// JSON-RPC messages are small and parsed in one go, so buffering costs nothing and lets a parse failure be
/// classified (invalid JSON or not JSON-RPC) without reading the stream twice.
/// </summary>
internal readonly struct RequestBody : IDisposable
{
    private readonly byte[]? _buffer;
    private readonly int _length;

    private RequestBody(byte[]? buffer, int length, bool tooLarge)
    {
        _buffer = buffer;
        _length = length;
        TooLarge = tooLarge;
    }

    /// <summary>Whether the body exceeded the limit (nothing was kept).</summary>
    public bool TooLarge { get; }

    /// <summary>The bytes of the body.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    /// <summary>The bytes of the body, valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    /// <summary>A read-only stream over the body, valid until <see cref="Dispose"/>.</summary>
    public MemoryStream AsStream() => new(_buffer ?? [], 0, _length, writable: false);

    /// <summary>Reads the body of <paramref name="request"/>, giving up as soon as it exceeds <paramref name="limit"/> bytes.</summary>
    public static async ValueTask<RequestBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                return new RequestBody(null, 0, tooLarge: true);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                var length = (int)buffer.Length;
                var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                buffer.CopyTo(bytes);
                reader.AdvanceTo(buffer.End);
                return new RequestBody(bytes, length, tooLarge: false);
            }

            // Keep everything buffered until the body is complete.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
