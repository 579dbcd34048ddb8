using MaskingProxy.Proxy.Transport.Epoll;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Transport.Epoll;

public sealed class SocketLockTests
{
    [Fact]
    public void Enter_ScopeDisposed_Released()
    {
        var gate = new SocketLock();

        using (gate.Enter())
        {
            Assert.True(gate.IsHeld);
        }

        Assert.False(gate.IsHeld);
    }

    [Fact]
    public void Enter_ExceptionInSection_Released()
    {
        var gate = new SocketLock();

        Assert.Throws<InvalidOperationException>(() => ThrowInside(gate));

        Assert.False(gate.IsHeld);
    }

    private static void ThrowInside(SocketLock gate)
    {
        using (gate.Enter())
        {
            throw new InvalidOperationException("inside");
        }
    }

    [Fact]
    public async Task Enter_ThreadsContend_SectionsNeverOverlap()
    {
        var gate = new SocketLock();
        long counter = 0;
        var overlaps = 0;
        var inside = 0;
        const int PerThread = 200_000;
        var threads = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                using (gate.Enter())
                {
                    if (Interlocked.Increment(ref inside) != 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }
                    // A plain read-modify-write: lost updates would show a broken lock.
                    counter = counter + 1;
                    Interlocked.Decrement(ref inside);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        await Task.WhenAll(threads).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, overlaps);
        Assert.Equal(4L * PerThread, counter);
        Assert.False(gate.IsHeld);
    }
}
