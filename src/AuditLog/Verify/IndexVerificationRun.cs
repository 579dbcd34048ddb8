using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Shipping;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// One pass of <see cref="IndexVerifier"/>: pages through the index in (chain, seq) order, rebuilds
/// each document's sealed line (<see cref="IndexDocument"/>) into a <see cref="LineBlock"/> and
/// feeds the <see cref="ChainChecker"/>, the same engine the directory verifier uses. Index
/// specifics: chains are independent (several proxies may ship to one index), segment records
/// must number 1, 2, 3, … within a chain, and the shipper's <c>search</c> copy must match the
/// verified record.
/// </summary>
internal sealed class IndexVerificationRun : IDisposable
{
    private readonly ChainChecker _checker;
    private readonly bool _live;
    private readonly LineBlock _block = new();
    private readonly string[] _ids = new string[LineBlock.MaxLines];
    private readonly string?[] _errors = new string?[LineBlock.MaxLines];
    private readonly byte[][] _search = new byte[LineBlock.MaxLines][];

    // The typed record, read while the hit's source is still alive (it is gone once the pager moves
    // on), or why it cannot be read; either is used only once the record verified.
    private readonly AuditRecord?[] _records = new AuditRecord?[LineBlock.MaxLines];
    private readonly string?[] _recordErrors = new string?[LineBlock.MaxLines];
    private readonly ByteBuffer _line = new(4096);
    private readonly ByteBuffer _searchBuffer = new(1024);
    private readonly ByteBuffer _projection = new(1024);
    private long _segmentNumber;
    private string? _lastId;
    private long _documents;

    public IndexVerificationRun(KeyMaterial? keys, VerifyOptions options)
    {
        _checker = new ChainChecker(keys, options);

        // An index has no lock to probe; it is normally fed by a running proxy, so an unsigned
        // tail is expected unless the caller says the writers have stopped (WriterRunning = false).
        _live = options.WriterRunning ?? true;
    }

    public async Task<VerifyResult> ExecuteAsync(IndexPager pager, CancellationToken ct)
    {
        await using var hits = pager.ReadAllAsync(ct).GetAsyncEnumerator(ct);
        var more = true;
        while (more)
        {
            _block.Clear();
            while (!_block.IsFull && (more = await hits.MoveNextAsync()))
            {
                Add(hits.Current);
            }

            if (_block.Count == 0)
            {
                break;
            }

            _checker.Evaluate(_block);
            for (var i = 0; i < _block.Count; i++)
            {
                if (Line(i) is { } result)
                {
                    return result;
                }
            }
        }

        return _checker.Finish(_live, null, false, RecordLocation.InIndex(_lastId), "The index holds no audit records.");
    }

    public void Dispose()
    {
        _block.Dispose();
        _line.Dispose();
        _searchBuffer.Dispose();
        _projection.Dispose();
    }

    private void Add(IndexHit hit)
    {
        var i = _block.Count;
        _ids[i] = hit.Id;
        _errors[i] = IndexDocument.Rebuild(hit.Source, _line, _searchBuffer);
        _search[i] = _searchBuffer.Span.ToArray();
        (_records[i], _recordErrors[i]) = (null, null);
        if (_errors[i] is null)
        {
            try
            {
                _records[i] = AuditRecordParser.ReadRecord(hit.Source);
            }
            catch (FormatException ex)
            {
                _recordErrors[i] = ex.Message;
            }
        }

        _block.Add(_errors[i] is null ? _line.Span : "{}"u8, _documents++, SegmentReader.LineState.Complete);
    }

    private VerifyResult? Line(int i)
    {
        var at = RecordLocation.InIndex(_ids[i]);
        _lastId = _ids[i];
        var cursor = _checker.Cursor;
        if ((_errors[i] ?? _block.ParseError[i]) is { } error)
        {
            return _checker.Broken(VerifyFailure.Malformed, cursor.Started ? cursor.NextSeq : 1, at, $"document is not a well-formed record ({error})");
        }

        ref readonly var parsed = ref _block.Parsed[i];
        var chain = _block.Line(i)[parsed.Chain];
        if (!cursor.Started || !chain.SequenceEqual(cursor.ChainIdBytes))
        {
            if (_checker.StartChain(chain, parsed, at, _live) is { } start)
            {
                return start;
            }

            _segmentNumber = 0;
        }

        if (parsed.Kind == LineKind.Segment)
        {
            if (parsed.SegmentNumber != _segmentNumber + 1)
            {
                return _checker.Broken(VerifyFailure.SegmentMismatch, parsed.Seq, at, $"segment record number {parsed.SegmentNumber} where {_segmentNumber + 1} was expected");
            }

            _segmentNumber = parsed.SegmentNumber;
            _checker.Segments++;
        }

        return _checker.Accept(_block, i, at, _ => false) ?? CheckSearchFields(i, parsed.Seq, at);
    }

    /// <summary>The record verified; the searchable copy next to it must be exactly its projection.</summary>
    private VerifyResult? CheckSearchFields(int i, long seq, RecordLocation at)
    {
        if (_records[i] is not { } record)
        {
            return _checker.Broken(VerifyFailure.Malformed, seq, at, $"document is not a readable record ({_recordErrors[i]})");
        }

        _projection.Clear();
        SearchProjection.Write(record, _projection);
        return _projection.Span.SequenceEqual(_search[i])
            ? null
            : _checker.Broken(VerifyFailure.SearchFieldsMismatch, seq, at,
                _search[i].Length == 0
                    ? "the document has no 'search' fields"
                    : "the document's 'search' fields do not match its (verified) record: they were edited in the index");
    }
}
