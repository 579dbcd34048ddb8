using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// The bulk items for one <see cref="TailBatch"/>: each record's <c>create</c> action line and
/// document line, prepared once so that retries resend exactly the same bytes for the items
/// that still need it. Lines that do not parse as records are listed in <see cref="Unparseable"/>.
/// </summary>
internal sealed class PreparedBatch : IDisposable
{
    private readonly ByteBuffer _data = new(64 * 1024);

    public List<PreparedItem> Items { get; } = [];

    public List<string> Unparseable { get; } = [];

    public string? LastChain { get; private set; }

    public long LastSeq { get; private set; }

    /// <summary>Event time of the first record: the age of the oldest unconfirmed record while this batch is in flight.</summary>
    public DateTimeOffset? FirstTimestamp { get; private set; }

    public static PreparedBatch From(TailBatch batch, string index)
    {
        var prepared = new PreparedBatch();
        var action = "{\"create\":{\"_index\":\"" + index + "\",\"_id\":\"";
        foreach (var line in batch.Lines)
        {
            string chain;
            long seq;
            AuditRecord record;
            try
            {
                (chain, seq, record) = AuditRecordParser.ParseRecord(batch.Data.Memory.Slice(line.Start, line.Length));
            }
            catch (FormatException ex)
            {
                prepared.Unparseable.Add($"{line.Segment}: line ending at offset {line.EndOffset} is not a record ({ex.Message}); skipped");
                continue;
            }

            var id = ShippedDocument.Id(chain, seq);
            var start = prepared._data.Length;
            prepared._data.Write(System.Text.Encoding.UTF8.GetBytes(action + id + "\"}}\n"));
            ShippedDocument.Write(batch.Line(line), record, prepared._data);
            prepared._data.Write((byte)'\n');
            prepared.Items.Add(new PreparedItem(id, seq, start, prepared._data.Length - start));
            prepared.LastChain = chain;
            prepared.LastSeq = seq;
            prepared.FirstTimestamp ??= record.Timestamp;
        }

        return prepared;
    }

    /// <summary>Writes the NDJSON request body for <paramref name="items"/>.</summary>
    public void WriteRequest(IEnumerable<PreparedItem> items, ByteBuffer output)
    {
        output.Clear();
        foreach (var item in items)
        {
            output.Write(_data.Span.Slice(item.Start, item.Length));
        }
    }

    public void Dispose() => _data.Dispose();
}
