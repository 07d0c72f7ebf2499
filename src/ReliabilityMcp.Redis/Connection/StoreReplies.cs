using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Connection;

/// <summary>Reading store replies: the shapes the stores' scripts and commands return, on RESP2 and RESP3 alike.</summary>
public static class StoreReplies
{
    extension(RedisResult reply)
    {
        /// <summary>An array, map or set reply (a RESP3 map reads as key, value, key, value, ...).</summary>
        public bool IsAggregate => reply.Resp2Type == ResultType.Array && !reply.IsNull;

        /// <summary>How many elements an aggregate reply has; 0 for a null or scalar reply.</summary>
        public int Count => reply.IsAggregate ? reply.Length : 0;

        /// <summary>The elements of an aggregate reply; empty for a null or scalar reply.</summary>
        public ReadOnlySpan<RedisResult> AsSpan() => reply.IsAggregate ? (RedisResult[])reply! : [];

        /// <summary>The elements of an aggregate reply, as an array; empty for a null or scalar reply.</summary>
        public RedisResult[] AsArray() => reply.IsAggregate ? (RedisResult[])reply! : [];

        /// <summary>The reply as text; null for a null reply.</summary>
        public string? AsString() => reply.IsNull ? null : (string?)reply;

        /// <summary>The reply as bytes; empty for a null reply.</summary>
        public ReadOnlyMemory<byte> AsBytes() => reply.IsNull ? default : (byte[]?)reply;

        /// <summary>The field/value pairs of a map reply (RESP3) or of a flat field, value, ... array (RESP2).</summary>
        public IEnumerable<KeyValuePair<RedisResult, RedisResult>> AsPairs()
        {
            var items = reply.AsArray();
            for (var i = 0; i + 1 < items.Length; i += 2)
            {
                yield return new(items[i], items[i + 1]);
            }
        }

        /// <summary>The reply as an integer (an integer reply, or text holding one); 0 for a null reply.</summary>
        public long AsInt64() => reply.IsNull ? 0 : (long)reply;

        /// <summary>The reply as a number (a double reply, or text holding one); 0 for a null reply.</summary>
        public double AsDouble() => reply.IsNull ? 0 : (double)reply;
    }
}
