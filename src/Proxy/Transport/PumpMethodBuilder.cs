using System.Runtime.CompilerServices;

namespace MaskingProxy.Proxy.Transport;

/// <summary>
/// The method builder of a session's relay pumps: loops that live as long as the connection and
/// suspend at every socket read, to be resumed by the event thread. The standard builder finds its
/// box by a type test at every await and runs every resumption through ExecutionContext.RunInternal
/// (thread-local reads, a save and restore, a callback); this one resumes the state machine through
/// one cached delegate. The price is that no ExecutionContext flows across the pumps' awaits: code
/// after an await sees the context of the thread that resumed it. The pumps neither set nor read
/// async-local state, so nothing depends on it.
/// </summary>
public struct PumpMethodBuilder
{
    private PumpBox? _box;
    private Exception? _synchronousException;

    public static PumpMethodBuilder Create() => default;

    /// <summary>Read once, right after <see cref="Start"/>: by then the method has suspended (and has a box) or ended.</summary>
    public readonly Task Task =>
        _box is { } box ? box.Completion.Task
        : _synchronousException is { } error ? Task.FromException(error)
        : Task.CompletedTask;

#pragma warning disable CA1822 // The compiler calls these as instance members of the builder.
    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine =>
        stateMachine.MoveNext();

    public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
    {
        // Boxing happens in BoxFor, which keeps the state machine in the box it creates.
    }
#pragma warning restore CA1822

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        awaiter.OnCompleted(BoxFor(ref stateMachine).MoveNextAction);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        awaiter.UnsafeOnCompleted(BoxFor(ref stateMachine).MoveNextAction);

    public void SetResult()
    {
        _box?.Completion.TrySetResult();
    }

    public void SetException(Exception exception)
    {
        if (_box is null)
        {
            _synchronousException = exception;
        }
        else if (exception is OperationCanceledException canceled)
        {
            _box.Completion.TrySetCanceled(canceled.CancellationToken);
        }
        else
        {
            _box.Completion.TrySetException(exception);
        }
    }

    /// <summary>
    /// The box of this method call, made at its first suspension. The builder is a field of the
    /// state machine, so it learns of the box before the state machine is copied into it: both
    /// copies then point at the same box.
    /// </summary>
    private PumpBox<TStateMachine> BoxFor<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        if (_box is PumpBox<TStateMachine> existing)
        {
            return existing;
        }
        var box = new PumpBox<TStateMachine>();
        _box = box;
        box.StateMachine = stateMachine;
        return box;
    }

    private abstract class PumpBox
    {
        public readonly TaskCompletionSource Completion = new();
    }

    private sealed class PumpBox<TStateMachine> : PumpBox
        where TStateMachine : IAsyncStateMachine
    {
        public readonly Action MoveNextAction;
        public TStateMachine StateMachine = default!;

        public PumpBox() => MoveNextAction = MoveNext;

        // A field, not a copy: the state machine advances in place.
        private void MoveNext() => StateMachine.MoveNext();
    }
}
