namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// Commands waiting for a reply, for the timeout sweep. Two intrusive lists: commands with the connection's
/// default timeout are added in deadline order, so a sweep stops at the first one still in time; commands with
/// their own timeout are few and are checked one by one. No allocation per command, no timer per command.
/// </summary>
internal sealed class PendingCommandTimeouts
{
    private const int NotListed = 0;
    private const int DefaultList = 1;
    private const int CustomList = 2;

    private readonly Lock _lock = new();
    private PendingCommand? _defaultHead;
    private PendingCommand? _defaultTail;
    private PendingCommand? _customHead;
    private PendingCommand? _customTail;

    public int Count { get; private set; }

    /// <summary>Lists <paramref name="command"/>, unless it already completed (then its removal has already run).</summary>
    public void Add(PendingCommand command, bool customTimeout)
    {
        lock (_lock)
        {
            if (command.IsCompleted)
            {
                return;
            }

            if (customTimeout)
            {
                Append(ref _customHead, ref _customTail, command);
                command.List = CustomList;
            }
            else
            {
                Append(ref _defaultHead, ref _defaultTail, command);
                command.List = DefaultList;
            }

            Count++;
        }
    }

    public void Remove(PendingCommand command)
    {
        lock (_lock)
        {
            switch (command.List)
            {
                case DefaultList:
                    Unlink(ref _defaultHead, ref _defaultTail, command);
                    break;
                case CustomList:
                    Unlink(ref _customHead, ref _customTail, command);
                    break;
                default:
                    return;
            }

            command.List = NotListed;
            Count--;
        }
    }

    /// <summary>Adds every command whose deadline is at or before <paramref name="now"/> to <paramref name="expired"/> (it stays listed until completed).</summary>
    public void CollectExpired(long now, List<PendingCommand> expired)
    {
        lock (_lock)
        {
            // Default-timeout commands were added in (nearly) deadline order; callers on different threads can
            // interleave by a few ticks, so look a little past the first one still in time.
            var inTime = 0;
            for (var node = _defaultHead; node is not null && inTime < 32; node = node.Next)
            {
                if (node.Deadline <= now)
                {
                    expired.Add(node);
                }
                else
                {
                    inTime++;
                }
            }

            for (var node = _customHead; node is not null; node = node.Next)
            {
                if (node.Deadline <= now)
                {
                    expired.Add(node);
                }
            }
        }
    }

    private static void Append(ref PendingCommand? head, ref PendingCommand? tail, PendingCommand command)
    {
        command.Previous = tail;
        command.Next = null;
        if (tail is null)
        {
            head = command;
        }
        else
        {
            tail.Next = command;
        }

        tail = command;
    }

    private static void Unlink(ref PendingCommand? head, ref PendingCommand? tail, PendingCommand command)
    {
        if (command.Previous is null)
        {
            head = command.Next;
        }
        else
        {
            command.Previous.Next = command.Next;
        }

        if (command.Next is null)
        {
            tail = command.Previous;
        }
        else
        {
            command.Next.Previous = command.Previous;
        }

        command.Previous = null;
        command.Next = null;
    }
}
