using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// How a statement ended. JSON <c>{"duration_us":…,"rows":…,"sqlstate":…,"status":…}</c>,
/// absent members omitted.
/// </summary>
public sealed record StatementOutcome
{
    public required OutcomeStatus Status { get; init; }

    /// <summary>SQLSTATE of the error (or "00000"); capped at 5 bytes.</summary>
    public string? SqlState { get; init; }

    /// <summary>Rows returned or affected, when known.</summary>
    public long? Rows { get; init; }

    /// <summary>Execution time in microseconds, when known.</summary>
    public long? DurationMicros { get; init; }

    internal void Write(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.OptionalInteger("duration_us"u8, DurationMicros);
        w.OptionalInteger("rows"u8, Rows);
        w.OptionalString("sqlstate"u8, SqlState, FieldCaps.SqlState);
        w.String("status"u8, WireNames.Of(Status), FieldCaps.Kind);
        w.EndObject();
    }

    internal static StatementOutcome Read(JsonElement e) => new()
    {
        DurationMicros = Json.OptionalInt64(e, "duration_us"),
        Rows = Json.OptionalInt64(e, "rows"),
        SqlState = Json.OptionalString(e, "sqlstate"),
        Status = Json.Enum(e, "status", WireNames.ParseOutcomeStatus),
    };
}
