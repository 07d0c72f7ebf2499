namespace ReliabilityMcp.LoadGenerator;

/// <summary>Outcomes waiting to be shipped: bounded, oldest dropped first (and counted) when the ingestion is away too long.</summary>
internal sealed class OutcomeBuffer(int capacity)
{
    private readonly Queue<RequestOutcome> _queue = new();
    private readonly Lock _gate = new();
    private long _dropped;
    private long _succeeded;
    private long _failed;

    /// <summary>Outcomes dropped because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Successful requests recorded since start.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Failed requests recorded since start.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Records one outcome.</summary>
    public void Add(RequestOutcome outcome)
    {
        Interlocked.Increment(ref outcome.Success ? ref _succeeded : ref _failed);
        lock (_gate)
        {
            if (_queue.Count >= capacity)
            {
                _queue.Dequeue();
                Interlocked.Increment(ref _dropped);
            }

            _queue.Enqueue(outcome);
        }
    }

    /// <summary>Takes up to <paramref name="max"/> outcomes, oldest first.</summary>
    public List<RequestOutcome> Take(int max)
    {
        lock (_gate)
        {
            var taken = new List<RequestOutcome>(Math.Min(max, _queue.Count));
            while (taken.Count < max && _queue.TryDequeue(out var outcome))
            {
                taken.Add(outcome);
            }

            return taken;
        }
    }
}
