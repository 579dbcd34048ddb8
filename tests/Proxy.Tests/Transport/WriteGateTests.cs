using MaskingProxy.Proxy.Transport;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Transport;

public sealed class WriteGateTests
{
    [Fact]
    public void TryEnter_WhileHeld_False()
    {
        var gate = new WriteGate();

        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());
        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task EnterAsync_WhileHeld_WaitsForExit()
    {
        var gate = new WriteGate();
        Assert.True(gate.TryEnter());

        var waiting = gate.EnterAsync().AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        gate.Exit();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(gate.TryEnter());
        gate.Exit();
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public void Exit_NotHeld_Throws()
    {
        var gate = new WriteGate();

        Assert.Throws<InvalidOperationException>(gate.Exit);
        Assert.True(gate.TryEnter());
    }

    [Fact]
    public async Task EnterAsync_ManyWritersOnThreads_NeverTwoInside()
    {
        var gate = new WriteGate();
        var inside = 0;
        var maxInside = 0;
        var entries = 0;
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 2000; i++)
            {
                if (!gate.TryEnter())
                {
                    await gate.EnterAsync();
                }
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref maxInside, now);
                Interlocked.Increment(ref entries);
                if (i % 64 == w)
                {
                    await Task.Yield();
                }
                Interlocked.Decrement(ref inside);
                gate.Exit();
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, maxInside);
        Assert.Equal(8 * 2000, entries);
        Assert.True(gate.TryEnter());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
