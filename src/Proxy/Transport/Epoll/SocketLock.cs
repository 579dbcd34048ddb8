namespace MaskingProxy.Proxy.Transport.Epoll;

/// <summary>
/// The lock of one <see cref="EpollSocket"/>. Its sections are short (at most one non-blocking
/// system call) and almost never contended: a session's pumps run on its event thread except
/// during startup and close. <see cref="Lock"/> records its owner's thread id, a thread-local
/// lookup on entry and on exit, and both are atomic; here entry is one compare-exchange and exit
/// one release store, two of each per relayed message. Not re-entrant: no section calls out to
/// code that could enter again (completions are signalled after the section ends).
/// </summary>
internal sealed class SocketLock
{
    private int _held;

    public Scope Enter()
    {
        if (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
        {
            EnterContended();
        }
        return new Scope(this);
    }

    public bool IsHeld => Volatile.Read(ref _held) != 0;

    private void EnterContended()
    {
        // The holder is in a system call or was preempted: spin briefly, then yield and sleep.
        var spinner = default(SpinWait);
        do
        {
            spinner.SpinOnce();
        }
        while (Volatile.Read(ref _held) != 0 || Interlocked.CompareExchange(ref _held, 1, 0) != 0);
    }

    public readonly ref struct Scope
    {
        private readonly SocketLock _owner;

        public Scope(SocketLock owner) => _owner = owner;

        public void Dispose() => Volatile.Write(ref _owner._held, 0);
    }
}
