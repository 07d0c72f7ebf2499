using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Redis.Connection;
using StackExchange.Redis;

namespace ReliabilityMcp.Redis.Audit;

/// <summary>
/// The hash-chained audit trail in the store (a list plus a head; Garnet has no Streams). Appends from this
/// process are batched by one writer loop; each batch is linked to the head it read and committed with a
/// compare-and-append script, retried on conflict, so replicas interleave but never fork the chain.
/// </summary>
public sealed class RedisAuditTrail : IAuditTrail, IAsyncDisposable
{
    private const int MaxBatch = 256;
    private const int VerifyPage = 1000;
    private readonly IStoreConnection _store;
    private readonly StoreKeys _keys;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new() { SingleReader = true });
    private readonly Task _writer;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Starts the writer loop.</summary>
    public RedisAuditTrail(IStoreConnection store, StoreKeys keys)
    {
        _store = store;
        _keys = keys;
        _writer = Task.Run(() => WriteLoopAsync(_stopping.Token));
    }

    /// <inheritdoc />
    public Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (StoreDeadline.Current is { Remaining.Ticks: <= 0 } spent)
        {
            // Never queued: a state-changing call past its store deadline fails closed (issue 17).
            return Task.FromException<AuditEntry>(spent.Spent("the audit append"));
        }

        var pending = new PendingAppend(record);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(RedisAuditTrail));
        }

        // The writer loop sends the batch on its own context: bound the wait by the caller's deadline here.
        return StoreDeadline.WaitAsync(pending.Completion.Task, "the audit append", cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(long fromSequence, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var reply = await _store.ExecuteAsync("LRANGE", [_keys.AuditEntries, fromSequence - 1, fromSequence - 2 + count], cancellationToken)
            .ConfigureAwait(false);
        var entries = new List<AuditEntry>(reply.Count);
        foreach (var item in reply.AsSpan())
        {
            entries.Add(Parse(item));
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(CancellationToken cancellationToken) =>
        (await _store.ExecuteAsync("LLEN", [_keys.AuditEntries], cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <inheritdoc />
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var total = await CountAsync(cancellationToken).ConfigureAwait(false);
        var previous = AuditChain.GenesisHash;
        long checkedCount = 0;
        for (long from = 1; from <= total; from += VerifyPage)
        {
            var reply = await _store.ExecuteAsync("LRANGE", [_keys.AuditEntries, from - 1, from - 2 + VerifyPage], cancellationToken)
                .ConfigureAwait(false);
            var page = new List<AuditEntry>(reply.Count);
            var sequence = from;
            foreach (var item in reply.AsSpan())
            {
                try
                {
                    page.Add(Parse(item));
                }
                catch (JsonException)
                {
                    return new AuditVerification(false, checkedCount + page.Count + 1, sequence, "entry is not a valid audit record: it was overwritten");
                }

                sequence++;
            }

            var result = AuditChain.Verify(page, from, previous);
            if (!result.Valid)
            {
                return result with { EntriesChecked = checkedCount + result.EntriesChecked };
            }

            checkedCount += page.Count;
            if (page.Count > 0)
            {
                previous = page[^1].Hash;
            }
        }

        var head = (await _store.ExecuteAsync("GET", [_keys.AuditHead], cancellationToken).ConfigureAwait(false)).AsString();
        var expected = checkedCount == 0 ? null : $"{checkedCount.ToString(CultureInfo.InvariantCulture)}|{previous}";
        return head == expected
            ? new AuditVerification(true, checkedCount, null, null)
            : new AuditVerification(false, checkedCount, checkedCount,
                "the chain head does not match the last entry: entries were removed from the end or written outside the chain");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        var batch = new List<PendingAppend>(MaxBatch);
        (long Sequence, string Hash)? head = null;
        while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                head = await CommitAsync(batch, head, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Nothing of this batch was written (the script is all or nothing): fail its callers, re-read the head next time.
                head = null;
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }
        }
    }

    private async Task<(long, string)> CommitAsync(List<PendingAppend> batch, (long Sequence, string Hash)? head, CancellationToken cancellationToken)
    {
        head ??= await ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var (sequence, hash) = head.Value;
            var entries = new AuditEntry[batch.Count];
            var args = new RedisValue[2 + batch.Count];
            args[0] = HeadValue(sequence, hash);
            var previous = hash;
            for (var i = 0; i < batch.Count; i++)
            {
                entries[i] = AuditChain.Link(sequence + 1 + i, batch[i].Record, previous);
                previous = entries[i].Hash;
                args[2 + i] = JsonSerializer.SerializeToUtf8Bytes(AuditEntryDocument.From(entries[i]), AuditJsonContext.Default.AuditEntryDocument);
            }

            var last = entries[^1];
            args[1] = HeadValue(last.Sequence, last.Hash);
            var reply = await _store.EvalAsync(AuditScripts.Append, [_keys.AuditHead, _keys.AuditEntries], args, cancellationToken).ConfigureAwait(false);
            var items = reply.AsSpan();
            if (items[0].AsInt64() == 1)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(entries[i]);
                }

                return (last.Sequence, last.Hash);
            }

            head = ParseHead(items[1].AsString());
        }
    }

    private async Task<(long, string)> ReadHeadAsync(CancellationToken cancellationToken) =>
        ParseHead((await _store.ExecuteAsync("GET", [_keys.AuditHead], cancellationToken).ConfigureAwait(false)).AsString());

    private static (long, string) ParseHead(string? head)
    {
        if (string.IsNullOrEmpty(head) || head == "0|GENESIS")
        {
            return (0, AuditChain.GenesisHash);
        }

        var bar = head.IndexOf('|', StringComparison.Ordinal);
        return (long.Parse(head.AsSpan(0, bar), CultureInfo.InvariantCulture), head[(bar + 1)..]);
    }

    private static string HeadValue(long sequence, string hash) =>
        sequence == 0 ? "0|GENESIS" : $"{sequence.ToString(CultureInfo.InvariantCulture)}|{hash}";

    private static AuditEntry Parse(RedisResult item) =>
        (JsonSerializer.Deserialize(item.AsBytes().Span, AuditJsonContext.Default.AuditEntryDocument)
            ?? throw new JsonException("empty audit entry")).ToEntry();

    private sealed class PendingAppend(AuditRecord record)
    {
        public AuditRecord Record { get; } = record;

        public TaskCompletionSource<AuditEntry> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
