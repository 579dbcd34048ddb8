using System.Runtime.CompilerServices;
using MaskingProxy.Proxy.Transport;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Transport;

public sealed class PumpMethodBuilderTests
{
    [Fact]
    public async Task Task_CompletesWithoutSuspending_Completed()
    {
        var log = new List<int>();

        var task = Pump(log, steps: 0, fail: null);

        Assert.True(task.IsCompletedSuccessfully);
        await task;
        Assert.Empty(log);
    }

    [Fact]
    public async Task Task_ThrowsBeforeSuspending_Faulted()
    {
        var task = Pump([], steps: 0, fail: new InvalidOperationException("early"));

        Assert.True(task.IsFaulted);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => task);
        Assert.Equal("early", error.Message);
    }

    [Fact]
    public async Task Task_ManySuspensionsResumedOnOtherThreads_StateKeptInOrder()
    {
        var log = new List<int>();

        await Pump(log, steps: 500, fail: null).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(0, 500), log);
    }

    [Fact]
    public async Task Task_ThrowsAfterSuspending_Faulted()
    {
        var task = Pump([], steps: 3, fail: new InvalidOperationException("late"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("late", error.Message);
    }

    [Fact]
    public async Task Task_CanceledAfterSuspending_Canceled()
    {
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        var task = Pump([], steps: 2, fail: new OperationCanceledException(source.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(task.IsCanceled);
    }

    [Fact]
    public async Task Task_ResumedByAValueTaskSource_RunsContinuationWhereCompleted()
    {
        var source = new ManualSource();
        var resumedOn = -1;

        var task = AwaitSource(source, () => resumedOn = Environment.CurrentManagedThreadId);
        Assert.False(task.IsCompleted);

        var completer = new Thread(() => source.Complete(7));
        completer.Start();
        completer.Join();

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(completer.ManagedThreadId, resumedOn);
        await task;
    }

    [AsyncMethodBuilder(typeof(PumpMethodBuilder))]
    private static async Task Pump(List<int> log, int steps, Exception? fail)
    {
        for (var i = 0; i < steps; i++)
        {
            await Task.Yield();
            log.Add(i);
        }
        if (fail is not null)
        {
            throw fail;
        }
    }

    [AsyncMethodBuilder(typeof(PumpMethodBuilder))]
    private static async Task AwaitSource(ManualSource source, Action resumed)
    {
        var value = await new ValueTask<int>(source, 0).ConfigureAwait(false);
        Assert.Equal(7, value);
        resumed();
    }

    /// <summary>Completes on the caller's thread, as the event thread completes socket operations.</summary>
    private sealed class ManualSource : System.Threading.Tasks.Sources.IValueTaskSource<int>
    {
        private System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore<int> _core;

        public void Complete(int value) => _core.SetResult(value);

        public int GetResult(short token) => _core.GetResult(token);

        public System.Threading.Tasks.Sources.ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, System.Threading.Tasks.Sources.ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
