using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// The outcome of a statement whose <see cref="StatementRecord"/> was made durable before it ran
/// (type "statement_outcome"). <see cref="StatementSeq"/> is that record's sequence number in the
/// same chain (from its <c>AuditTicket</c>).
/// </summary>
public sealed class StatementOutcomeRecord : AuditRecord
{
    public override string Type => AuditRecordTypes.StatementOutcome;

    public required long StatementSeq { get; init; }

    public required Subject Subject { get; init; }

    public required StatementOutcome Outcome { get; init; }

    internal override void WriteEvent(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.Name("outcome"u8);
        Outcome.Write(w);
        w.Integer("statement_seq"u8, StatementSeq);
        w.Name("subject"u8);
        Subject.Write(w);
        w.EndObject();
    }

    internal static StatementOutcomeRecord Read(JsonElement e, DateTimeOffset ts) => new()
    {
        Timestamp = ts,
        Outcome = StatementOutcome.Read(Json.RequiredObject(e, "outcome")),
        StatementSeq = Json.RequiredInt64(e, "statement_seq"),
        Subject = Subject.Read(Json.RequiredObject(e, "subject")),
    };
}
