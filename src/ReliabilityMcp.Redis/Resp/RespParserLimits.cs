namespace ReliabilityMcp.Redis.Resp;

/// <summary>Bounds that keep a broken or hostile server from making the parser allocate or recurse without end.</summary>
/// <param name="MaxBulkLength">Largest bulk string, verbatim string or bulk error, in bytes (Redis's own limit is 512 MiB).</param>
/// <param name="MaxAggregateLength">Most children of one array, set or push (maps count both keys and values).</param>
/// <param name="MaxDepth">Deepest nesting of aggregates (the parser's materialising pass recurses this deep).</param>
/// <param name="MaxLineLength">Longest simple string, error, big number or double line, in bytes.</param>
/// <param name="MaxReplyBytes">Largest whole reply frame, in bytes.</param>
internal readonly record struct RespParserLimits(
    long MaxBulkLength,
    int MaxAggregateLength,
    int MaxDepth,
    int MaxLineLength,
    long MaxReplyBytes)
{
    /// <summary>Redis-compatible defaults.</summary>
    public static RespParserLimits Default { get; } = new(
        MaxBulkLength: 512L * 1024 * 1024,
        MaxAggregateLength: 16 * 1024 * 1024,
        MaxDepth: 64,
        MaxLineLength: 1024 * 1024,
        MaxReplyBytes: 1024L * 1024 * 1024);
}
