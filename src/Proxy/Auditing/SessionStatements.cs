using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Sessions;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// The statement records one session made, by text: a text it records again under an equal decision
/// (a prepared statement at every execution, an unnamed one parsed again before each) appends the
/// records made the first time, without a normalizer lookup, an SM3 of the text or object names.
/// </summary>
/// <remarks>
/// Keyed by the string instance: a prepared statement passes the same string at every execution, and
/// the session's decoder hands back the same string for a text it has just seen; comparing references
/// costs nothing, where hashing the text would cost a pass over it. Per session rather than per
/// decision in a weak table: a weak entry per statement costs a GC handle, a real cost for the many
/// texts recorded once. Bounded, since those one-off texts would otherwise stay: when full, it starts over.
/// </remarks>
internal sealed class SessionStatements
{
    private const int Capacity = 32;

    private readonly Dictionary<string, (StatementDecision Decision, StatementRecord[] Records)> _byText = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();

    public StatementRecord[] RecordsOf(SessionFacts facts, string text, StatementDecision decision, Func<string, int, int, string> normalizer)
    {
        lock (_gate)
        {
            // By value: a text decided again gets a new decision, equal to the last when nothing changed.
            if (_byText.TryGetValue(text, out var made) && made.Decision == decision)
            {
                return made.Records;
            }

            var records = StatementRecords.Make(facts, text, decision, normalizer);
            if (_byText.Count >= Capacity)
            {
                _byText.Clear();
            }

            _byText[text] = (decision, records);
            return records;
        }
    }
}
