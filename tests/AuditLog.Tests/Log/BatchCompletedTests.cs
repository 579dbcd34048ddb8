using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.AuditLog.Tests.Log;

public sealed class BatchCompletedTests
{
    [Fact]
    public async Task BatchCompleted_AfterAGroupCommit_RaisedOnTheWriterThreadWithTheTicketsComplete()
    {
        using var dir = new TempDirectory();
        var writer = WriterFactory.Open(dir.Path);
        Task<AuditTicket>? appended = null;
        var seen = new TaskCompletionSource<(bool Completed, string? Thread)>(TaskCreationOptions.RunContinuationsAsynchronously);
        writer.BatchCompleted += () =>
        {
            // The writer may commit the only append before AppendAsync has returned its task to
            // this test, so wait here (on the writer thread) until the task is visible.
            if (SpinWait.SpinUntil(() => Volatile.Read(ref appended) is not null, TimeSpan.FromSeconds(5)))
            {
                seen.TrySetResult((Volatile.Read(ref appended)!.IsCompleted, Thread.CurrentThread.Name));
            }
        };

        Volatile.Write(ref appended, writer.AppendAsync(Samples.Statement()));
        var (completed, thread) = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await writer.CloseAsync();

        Assert.True(completed);
        Assert.Equal("audit-log-writer", thread);
    }

    [Fact]
    public async Task BatchCompleted_HandlerThrowsAndAppends_WriterGoesOn()
    {
        using var dir = new TempDirectory();
        var writer = WriterFactory.Open(dir.Path);
        var calls = 0;
        writer.BatchCompleted += () =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                _ = writer.AppendAsync(Samples.Statement(login: "from-handler"));
                throw new InvalidOperationException("handler bug");
            }
        };

        await writer.AppendAsync(Samples.Statement());
        await WriterFactory.WaitUntil(() => Volatile.Read(ref calls) >= 2);
        await writer.AppendAsync(Samples.Statement(login: "after"));
        await writer.CloseAsync();

        var logins = AuditSearch.Search(dir.Path, new AuditQuery()).Select(e => e.Record).OfType<StatementRecord>().Select(r => r.Subject.Login).ToList();
        Assert.Equal(["alice", "from-handler", "after"], logins);
    }
}
