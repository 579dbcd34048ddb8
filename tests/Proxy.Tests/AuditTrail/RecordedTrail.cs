using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.Proxy.Tests.AuditTrail;

/// <summary>
/// An audit directory read back with the library's own search (which skips a torn last line, as
/// after a crash), indexed the way an auditor looks things up: a statement by the SM3 of the text
/// the client sent (<c>statement_sm3</c>, the only link from a client's text to its record, since
/// the stored text has its literals replaced) and an outcome by the statement's seq.
/// </summary>
internal sealed class RecordedTrail
{
    private readonly Dictionary<string, List<(AuditEntry Entry, StatementRecord Record)>> _bySm3 = new(StringComparer.Ordinal);
    private readonly Dictionary<long, StatementOutcomeRecord> _outcomes = [];

    private RecordedTrail(List<AuditEntry> entries)
    {
        Entries = entries;
        foreach (var entry in entries)
        {
            switch (entry.Record)
            {
                case StatementRecord statement:
                    if (!_bySm3.TryGetValue(statement.StatementSm3, out var list))
                    {
                        _bySm3[statement.StatementSm3] = list = [];
                    }

                    list.Add((entry, statement));
                    break;
                case StatementOutcomeRecord outcome:
                    _outcomes[outcome.StatementSeq] = outcome;
                    break;
            }
        }
    }

    public IReadOnlyList<AuditEntry> Entries { get; }

    public static RecordedTrail Read(string directory) => new([.. AuditSearch.Search(directory, new AuditQuery())]);

    public IEnumerable<T> Records<T>()
        where T : AuditRecord => Entries.Select(e => e.Record).OfType<T>();

    /// <summary>Every statement record made for this exact client text (one per execution).</summary>
    public IReadOnlyList<(AuditEntry Entry, StatementRecord Record)> StatementsFor(string originalText)
        => _bySm3.TryGetValue(StatementRecord.HashOriginal(originalText), out var list) ? list : [];

    public bool HasStatement(string originalText) => _bySm3.ContainsKey(StatementRecord.HashOriginal(originalText));

    /// <summary>The one statement record for this text, with its outcome (<see cref="OutcomeFor"/>).</summary>
    public (AuditEntry Entry, StatementRecord Record, StatementOutcome? Outcome) Single(string originalText)
    {
        var found = StatementsFor(originalText);
        if (found.Count != 1)
        {
            throw new InvalidOperationException($"expected one statement record for <{originalText}>, found {found.Count}");
        }

        var (entry, record) = found[0];
        return (entry, record, OutcomeFor(entry, record));
    }

    public StatementOutcomeRecord? OutcomeOf(long statementSeq) => _outcomes.GetValueOrDefault(statementSeq);

    /// <summary>A statement's outcome: in its own record (finished before the record was written) or in a statement_outcome record.</summary>
    public StatementOutcome? OutcomeFor(AuditEntry entry, StatementRecord record) => record.Outcome ?? OutcomeOf(entry.Seq)?.Outcome;
}
