using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using ReliabilityMcp.Redis.Resp;

namespace ReliabilityMcp.Benchmarks.Resp;

/// <summary>Reply parsing and command encoding per operation, with allocations.</summary>
[MemoryDiagnoser]
public class RespParserBenchmarks
{
    private readonly RespReplyParser _parser = new(RespParserLimits.Default);
    private readonly byte[] _key = Encoding.ASCII.GetBytes("key:000000012345");
    private readonly byte[] _value = new byte[100];
    private ReadOnlySequence<byte> _ok;
    private ReadOnlySequence<byte> _bulk;
    private ReadOnlySequence<byte> _vsimMap;

    [GlobalSetup]
    public void Setup()
    {
        _ok = new ReadOnlySequence<byte>("+OK\r\n"u8.ToArray());
        _bulk = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("$100\r\n" + new string('x', 100) + "\r\n"));
        var map = new StringBuilder("%10\r\n");
        for (var i = 0; i < 10; i++)
        {
            map.Append("$6\r\nv").Append(i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n,0.").Append(i).Append("25\r\n");
        }

        _vsimMap = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(map.ToString()));
    }

    [Benchmark]
    public RespValue ParseSimpleStringOk() => Parse(_ok);

    [Benchmark]
    public RespValue ParseBulkString100() => Parse(_bulk);

    [Benchmark]
    public RespValue ParseVsimMapOf10() => Parse(_vsimMap);

    [Benchmark]
    public int EncodeSet()
    {
        var buffer = RespCommandWriter.Encode("SET", [_key, _value], default, default, out var length);
        ArrayPool<byte>.Shared.Return(buffer);
        return length;
    }

    private RespValue Parse(ReadOnlySequence<byte> frame) =>
        _parser.TryRead(frame, out var value, out _) ? value : throw new InvalidOperationException("incomplete");
}
