namespace ReliabilityMcp.Redis.Resp;

/// <summary>The type of a reply value, one per RESP2/RESP3 wire type (attributes are skipped, never surfaced).</summary>
public enum RespKind : byte
{
    /// <summary>RESP2 <c>$-1</c> / <c>*-1</c> or RESP3 <c>_</c>.</summary>
    Null = 0,

    /// <summary><c>+OK</c>.</summary>
    SimpleString,

    /// <summary><c>-ERR ...</c> (simple error) or <c>!len</c> (RESP3 bulk error).</summary>
    Error,

    /// <summary><c>:42</c>.</summary>
    Integer,

    /// <summary><c>$len</c>.</summary>
    BulkString,

    /// <summary><c>*n</c>.</summary>
    Array,

    /// <summary>RESP3 <c>%n</c>: n key/value pairs, exposed flat (key, value, key, value...).</summary>
    Map,

    /// <summary>RESP3 <c>~n</c>.</summary>
    Set,

    /// <summary>RESP3 <c>,1.5</c>, including <c>inf</c>, <c>-inf</c> and <c>nan</c>.</summary>
    Double,

    /// <summary>RESP3 <c>#t</c> / <c>#f</c>.</summary>
    Boolean,

    /// <summary>RESP3 <c>(123...</c>: an integer of any size, kept as its decimal text.</summary>
    BigNumber,

    /// <summary>RESP3 <c>=len</c>: a string with a three-letter format (<c>txt</c>, <c>mkd</c>).</summary>
    VerbatimString,

    /// <summary>RESP3 <c>&gt;n</c>: out-of-band data, never the reply to a command.</summary>
    Push,
}
