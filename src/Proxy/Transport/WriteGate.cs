namespace MaskingProxy.Proxy.Transport;

/// <summary>
/// Keeps one connection's writes whole: each leg has one regular writer (its pump) and rare others
/// (fatal errors, drain). A count of holders and waiters (a "benaphore") makes the uncontended
/// enter and exit one interlocked instruction each; the queue and its lock are touched only when
/// writers meet. Waiting cannot be cancelled: a cancelled waiter would leave the turn handed to it
/// to no one. Closing the connection ends the holder's write, which lets waiters through.
/// </summary>
internal sealed class WriteGate
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private int _count;

    /// <summary>Turns handed over before their waiter queued (the exit raced the enter).</summary>
    private int _turns;

    /// <summary>Enters when no one holds the gate; false otherwise (then use <see cref="EnterAsync"/>).</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref _count, 1, 0) == 0;

    /// <summary>Enters, waiting for the holder and any earlier waiters to exit.</summary>
    public ValueTask EnterAsync()
    {
        if (Interlocked.Increment(ref _count) == 1)
        {
            return ValueTask.CompletedTask;
        }
        lock (_lock)
        {
            if (_turns > 0)
            {
                _turns--;
                return ValueTask.CompletedTask;
            }
            // Continuations run on the pool, not inside the exiting writer's Exit.
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
            return new ValueTask(waiter.Task);
        }
    }

    /// <summary>Exits; hands the gate to the next waiter when there is one.</summary>
    public void Exit()
    {
        var remaining = Interlocked.Decrement(ref _count);
        if (remaining < 0)
        {
            Interlocked.Increment(ref _count);
            throw new InvalidOperationException("the write gate was exited more often than entered");
        }
        if (remaining == 0)
        {
            return;
        }
        TaskCompletionSource? next;
        lock (_lock)
        {
            if (!_waiters.TryDequeue(out next))
            {
                _turns++;
            }
        }
        next?.SetResult();
    }
}
