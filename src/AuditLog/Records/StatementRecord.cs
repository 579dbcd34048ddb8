using System.Buffers;
using System.Text;
using System.Text.Json;
using MaskingProxy.Crypto;
using MaskingProxy.AuditLog.Crypto;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// A statement the proxy decided on (type "statement"). Written before the statement is forwarded;
/// <see cref="Outcome"/> is set when the outcome is already known (denied statements, or a statement that
/// finished while its record was still queued: <see cref="Log.AuditLogWriter.TryReplaceQueued"/>) and otherwise
/// reported later by a <see cref="StatementOutcomeRecord"/> that names this record's sequence number.
/// <para>
/// <see cref="Statement"/> is the normalized text supplied by the caller (literals replaced by
/// placeholders: never raw values); <see cref="StatementSm3"/> is SM3 of the original text, so a
/// holder of the original can prove which statement ran without the log storing its literals.
/// </para>
/// </summary>
public sealed class StatementRecord : AuditRecord
{
    public override string Type => AuditRecordTypes.Statement;

    public required Subject Subject { get; init; }

    public string? Database { get; init; }

    /// <summary>"postgres" or "tds".</summary>
    public string? Protocol { get; init; }

    /// <summary>Statement type, e.g. "SELECT", "UPDATE", "COPY_TO".</summary>
    public required string Action { get; init; }

    /// <summary>schema.table.column names the statement touches.</summary>
    public IReadOnlyList<string> Objects { get; init; } = [];

    /// <summary>Normalized statement text (literals as placeholders).</summary>
    public required string Statement { get; init; }

    /// <summary>Lowercase hex SM3 of the original statement text; see <see cref="HashOriginal"/>.</summary>
    public required string StatementSm3 { get; init; }

    public required Verdict Verdict { get; init; }

    /// <summary>Ids of the policy rules that applied.</summary>
    public IReadOnlyList<string> RuleIds { get; init; } = [];

    /// <summary>Why (denial reason or notes), when there is one.</summary>
    public string? Reason { get; init; }

    /// <summary>SM3 (hex) of the policy file the decision was made under.</summary>
    public string? PolicyVersion { get; init; }

    public StatementOutcome? Outcome { get; init; }

    /// <summary>The event's canonical bytes, kept once this record is appended a second time.</summary>
    private byte[]? _event;
    private int _eventWrites;

    /// <summary>Where in <see cref="_event"/> an outcome member goes: right after the objects array.</summary>
    private int _outcomeAt;

    /// <summary>For a record made by <see cref="WithOutcome"/> from one without an outcome: that record.</summary>
    private StatementRecord? _withoutOutcome;

    /// <summary>This record with <paramref name="outcome"/>: a statement that finished before its record was written.</summary>
    public StatementRecord WithOutcome(StatementOutcome outcome) => new()
    {
        _withoutOutcome = Outcome is null ? this : null,
        Timestamp = Timestamp,
        Subject = Subject,
        Database = Database,
        Protocol = Protocol,
        Action = Action,
        Objects = Objects,
        Statement = Statement,
        StatementSm3 = StatementSm3,
        Verdict = Verdict,
        RuleIds = RuleIds,
        Reason = Reason,
        PolicyVersion = PolicyVersion,
        Outcome = outcome,
    };

    /// <summary>SM3 (lowercase hex) of the UTF-8 original statement text.</summary>
    /// <remarks>A span, so that one statement of a multi-statement text is hashed where it lies, without a copy.</remarks>
    public static string HashOriginal(ReadOnlySpan<char> originalText)
    {
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(originalText));
        try
        {
            var length = Encoding.UTF8.GetBytes(originalText, utf8);
            return Sm3.HashHex(utf8.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>
    /// A session appends the same record at every execution of a prepared statement (and of an unnamed
    /// one parsed again with the same text), and every member is init-only: from the second append on,
    /// the event is copied rather than serialized again (escaping, UTF-8 counting and caps of the whole
    /// statement text). Not on the first, so that the many records appended only once
    /// (simple-protocol texts with their literals) do not each carry a copy.
    /// </summary>
    /// <remarks>
    /// A record made by <see cref="WithOutcome"/> (a statement that finished while its record was
    /// still queued, the usual case in batch mode) splices its outcome into the kept bytes of the
    /// record it was made from: every other member is equal, and "outcome" sorts right after
    /// "objects".
    /// </remarks>
    internal override void WriteEventTo(ByteBuffer body)
    {
        var cached = Volatile.Read(ref _event);
        if (cached is not null)
        {
            body.Write(cached);
            return;
        }

        if (Outcome is not null && _withoutOutcome is { } source && Volatile.Read(ref source._event) is { } kept)
        {
            var at = source._outcomeAt;
            body.Write(kept.AsSpan(0, at));
            body.Write(",\"outcome\":"u8);
            Outcome.Write(new CanonicalJsonWriter(body));
            body.Write(kept.AsSpan(at));
            return;
        }

        var start = body.Length;
        var outcomeAt = WriteEventLocatingOutcome(new CanonicalJsonWriter(body));
        if (Interlocked.Increment(ref _eventWrites) >= 2)
        {
            // Two threads may both get here: each stores equal bytes. The offset is written before
            // the bytes are published (a release), and read after them.
            _outcomeAt = outcomeAt - start;
            Volatile.Write(ref _event, body.Span[start..].ToArray());
        }
    }

    internal override void WriteEvent(CanonicalJsonWriter writer) => _ = WriteEventLocatingOutcome(writer);

    /// <summary>Writes the event; returns the output's length right after the objects array, where an outcome goes.</summary>
    private int WriteEventLocatingOutcome(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.String("action"u8, Action, FieldCaps.Action);
        w.OptionalString("database"u8, Database, FieldCaps.Database);
        w.StringArray("objects"u8, Objects, FieldCaps.MaxObjects, FieldCaps.ObjectName);
        var outcomeAt = w.Output.Length;
        if (Outcome is not null)
        {
            w.Name("outcome"u8);
            Outcome.Write(w);
        }

        w.OptionalString("policy_version"u8, PolicyVersion, FieldCaps.Version);
        w.OptionalString("protocol"u8, Protocol, FieldCaps.Protocol);
        w.String("statement"u8, Statement, FieldCaps.Statement);
        w.String("statement_sm3"u8, StatementSm3, FieldCaps.Hash);
        w.Name("subject"u8);
        Subject.Write(w);
        w.Name("verdict"u8);
        w.StartObject();
        w.String("decision"u8, WireNames.Of(Verdict), FieldCaps.Kind);
        w.OptionalString("reason"u8, Reason, FieldCaps.Reason);
        w.StringArray("rules"u8, RuleIds, FieldCaps.MaxRules, FieldCaps.RuleId);
        w.EndObject();
        w.EndObject();
        return outcomeAt;
    }

    internal static StatementRecord Read(JsonElement e, DateTimeOffset ts)
    {
        var verdict = Json.RequiredObject(e, "verdict");
        return new StatementRecord
        {
            Timestamp = ts,
            Action = Json.RequiredString(e, "action"),
            Database = Json.OptionalString(e, "database"),
            Objects = Json.StringArray(e, "objects"),
            Outcome = e.TryGetProperty("outcome", out var o) ? StatementOutcome.Read(o) : null,
            PolicyVersion = Json.OptionalString(e, "policy_version"),
            Protocol = Json.OptionalString(e, "protocol"),
            Statement = Json.RequiredString(e, "statement"),
            StatementSm3 = Json.RequiredString(e, "statement_sm3"),
            Subject = Subject.Read(Json.RequiredObject(e, "subject")),
            Verdict = Json.Enum(verdict, "decision", WireNames.ParseVerdict),
            Reason = Json.OptionalString(verdict, "reason"),
            RuleIds = Json.StringArray(verdict, "rules"),
        };
    }
}
