using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Verify;
using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Interception;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Auditing;

/// <summary>A writer that really cannot write: what sessions see, and what the log looks like afterwards.</summary>
public sealed class AuditLogSinkFailureTests
{
    [Fact]
    public async Task Statement_WriterCannotWrite_DurableFaultsAndSinkUnavailable()
    {
        // Small segments, and the audit directory replaced by a file: the next rotation cannot
        // create its segment, a real I/O error (ENOTDIR) that works even when tests run as root.
        await using var log = AuditTestLog.Open(options: new AuditLogOptions { Directory = "-", SegmentMaxBytes = 1024, RetryInterval = TimeSpan.FromMinutes(10) });
        var moved = log.Directory + ".moved";
        Directory.Move(log.Directory, moved);
        await File.WriteAllTextAsync(log.Directory, "not a directory");
        var facts = AuditSamples.Facts();
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> watch = (_, e) =>
        {
            if (e.Exception.InnerExceptions.Any(x => x is AuditLogUnavailableException))
            {
                Interlocked.Increment(ref unobserved);
            }
        };
        TaskScheduler.UnobservedTaskException += watch;
        try
        {
            for (var i = 0; i < 20 && log.Sink.IsAvailable; i++)
            {
                try
                {
                    await log.Sink.Statement(facts, "SELECT 1", StatementDecision.Forward).Durable;
                }
                catch (AuditLogUnavailableException)
                {
                    // The writer failed the rotation after acknowledging the previous batch.
                }
            }

            Assert.False(log.Sink.IsAvailable);
            var failuresBefore = log.Sink.AppendFailures;
            const string text = "UPDATE patients SET phone = '555' WHERE id = 1";
            var pending = log.Sink.Statement(facts, text, AuditSamples.Decided(text, StatementVerdict.Forward, masked: false, ("UPDATE", text)));
            await Assert.ThrowsAsync<AuditLogUnavailableException>(() => pending.Durable);
            await Assert.ThrowsAsync<AuditLogUnavailableException>(() => pending.Tickets[0]);

            // Fire-and-forget records fail too; nobody awaits them, and nothing may go unobserved.
            log.Sink.Outcome(facts, pending, 0, new StatementCompletion(false, "58030", null, TimeSpan.Zero));
            log.Sink.Connection(facts, ConnectionEvent.Closed, "audit down", TimeSpan.FromSeconds(1));
            var deadline = Environment.TickCount64 + 10_000;
            while (log.Sink.AppendFailures < failuresBefore + 2 && Environment.TickCount64 < deadline)
            {
                await Task.Delay(5);
            }

            Assert.Equal(failuresBefore + 2, log.Sink.AppendFailures);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.Equal(0, Volatile.Read(ref unobserved));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= watch;
            File.Delete(log.Directory);
            Directory.Move(moved, log.Directory);
        }

        // Closing retries once more, recovers (write_failure recovery record) and signs the end.
        await log.CloseAndReadAsync();
        Assert.Equal(VerifyOutcome.Intact, log.Verify().Outcome);
    }
}
