using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Reads the segments into <see cref="LineBlock"/>s and has them parsed and hashed
/// (<see cref="ChainChecker.Evaluate(LineBlock, ReadOnlySpan{byte})"/>), handing them to the
/// in-order checks in file order. With more than one hashing thread this runs ahead on its own
/// thread: reading and hashing the next blocks overlap the sequential checks of this one, which
/// otherwise leave the other cores idle. With one it runs on the caller's thread (one core).
/// <para>
/// A block is hashed from the stored hash of the line before it rather than from the checker's
/// head, so it need not wait for the checks of the block before. Both are the same whenever that
/// line passes, and when it does not the checks stop there (docs/audit-format.md §12). Every
/// segment yields at least one block (an empty one for an empty file), so the checks see each
/// segment begin.
/// </para>
/// </summary>
internal sealed class BlockPipeline : IDisposable
{
    /// <summary>Blocks in flight: one being checked, one waiting, one being filled.</summary>
    private const int Blocks = 3;

    private readonly IReadOnlyList<(long Number, string Path)> _segments;
    private readonly ChainChecker _checker;
    private readonly List<LineBlock> _all = [];
    private readonly BlockingCollection<LineBlock> _free = new(Blocks);
    private readonly BlockingCollection<LineBlock> _ready = new(Blocks);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread? _thread;
    private readonly IEnumerator<LineBlock>? _inline;
    private Exception? _failure;

    public BlockPipeline(IReadOnlyList<(long Number, string Path)> segments, ChainChecker checker, bool background)
    {
        _segments = segments;
        _checker = checker;
        for (var i = 0; i < (background ? Blocks : 1); i++)
        {
            var block = new LineBlock();
            _all.Add(block);
            _free.Add(block);
        }

        if (background)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "audit-verify-reader" };
            _thread.Start();
        }
        else
        {
            _inline = Produce().GetEnumerator();
        }
    }

    /// <summary>The next evaluated block in file order; false after the last. Release it before taking another.</summary>
    public bool TryTake(out LineBlock block)
    {
        if (_inline is not null)
        {
            var more = _inline.MoveNext();
            block = more ? _inline.Current : null!;
            return more;
        }

        if (_ready.TryTake(out block!, Timeout.Infinite))
        {
            return true;
        }

        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure); // an unreadable file: the verifier reports it as unusable
        }

        return false;
    }

    public void Release(LineBlock block) => _free.Add(block);

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join();
        _inline?.Dispose();
        foreach (var block in _all)
        {
            block.Dispose();
        }

        _free.Dispose();
        _ready.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        try
        {
            foreach (var block in Produce())
            {
                _ready.Add(block, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The checks stopped early (a broken record): nothing more is wanted.
        }
        catch (Exception ex)
        {
            _failure = ex;
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }

    private IEnumerable<LineBlock> Produce()
    {
        for (var s = 0; s < _segments.Count; s++)
        {
            if (s > 0 && _segments[s].Number != _segments[s - 1].Number + 1)
            {
                // A missing segment ends the checks there: announce the segment without reading it.
                var marker = _free.Take(_stop.Token);
                marker.Clear();
                marker.Segment = s;
                yield return marker;
                yield break;
            }

            using var reader = new BlockReader(_segments[s].Path);
            Bytes32 head = default;
            var first = true;
            while (true)
            {
                var block = _free.Take(_stop.Token);
                if (!reader.Fill(block) && !first)
                {
                    _free.Add(block);
                    break;
                }

                block.Segment = s;
                first = false;
                if (block.Count > 0)
                {
                    _checker.Evaluate(block, head);
                    var last = block.Count - 1;
                    head = block.ParseError[last] is null ? block.Parsed[last].Hash : default;
                }

                yield return block;
                if (block.Count == 0 || block.EndOfSegment)
                {
                    break;
                }
            }
        }
    }
}
