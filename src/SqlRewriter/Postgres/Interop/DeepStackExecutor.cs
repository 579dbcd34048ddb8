using System.Collections.Concurrent;

namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// A small pool of dedicated threads with very large stacks, for libpg_query calls whose recursion could
/// overflow an ordinary thread (a C stack overflow is a SIGSEGV that no managed handler can catch).
/// </summary>
/// <remarks>
/// Threads are created lazily on first use with the <see cref="PgQueryLimits"/> in force at that moment.
/// The caller blocks until its work item is done; the work is CPU-bound and short, so this costs a
/// thread hand-off (microseconds) and only happens for large statements.
/// </remarks>
internal static class DeepStackExecutor
{
    private static readonly object s_gate = new();
    private static BlockingCollection<WorkItem>? s_queue;

    /// <summary>Runs <paramref name="work"/> on a deep-stack thread and returns its result or rethrows its exception.</summary>
    public static T Run<T>(Func<T> work, PgQueryLimits limits)
    {
        var item = new WorkItem<T>(work);
        Queue(limits).Add(item);
        return item.WaitForResult();
    }

    private static BlockingCollection<WorkItem> Queue(PgQueryLimits limits)
    {
        BlockingCollection<WorkItem>? queue = Volatile.Read(ref s_queue);
        if (queue is not null)
        {
            return queue;
        }

        lock (s_gate)
        {
            if (s_queue is null)
            {
                var created = new BlockingCollection<WorkItem>();
                for (int i = 0; i < limits.DeepStackThreads; i++)
                {
                    var thread = new Thread(() => Loop(created), limits.DeepStackSizeBytes)
                    {
                        IsBackground = true,
                        Name = $"pg_query deep-stack {i}",
                    };
                    thread.Start();
                }

                Volatile.Write(ref s_queue, created);
            }

            return s_queue;
        }
    }

    private static void Loop(BlockingCollection<WorkItem> queue)
    {
        foreach (WorkItem item in queue.GetConsumingEnumerable())
        {
            item.Execute();
        }
    }

    private abstract class WorkItem
    {
        public abstract void Execute();
    }

    private sealed class WorkItem<T>(Func<T> work) : WorkItem
    {
        // Completed by the worker; the waiting caller reads it synchronously. No continuations run
        // inline on the deep-stack thread.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Execute()
        {
            try
            {
                _completion.SetResult(work());
            }
            catch (Exception ex)
            {
                _completion.SetException(ex);
            }
        }

        public T WaitForResult() => _completion.Task.GetAwaiter().GetResult();
    }
}
