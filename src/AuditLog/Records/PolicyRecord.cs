using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// A policy load or reload, accepted or rejected (type "policy"). A rejected reload names the
/// version that stays in force in <see cref="PreviousVersion"/>.
/// </summary>
public sealed class PolicyRecord : AuditRecord
{
    public override string Type => AuditRecordTypes.Policy;

    public required PolicyAction Action { get; init; }

    public required PolicyOutcome Outcome { get; init; }

    /// <summary>SM3 (hex) of the policy file that was loaded or rejected.</summary>
    public string? Version { get; init; }

    /// <summary>The version in force before (and, after a rejection, still in force).</summary>
    public string? PreviousVersion { get; init; }

    /// <summary>The policy's <c>name</c>.</summary>
    public string? Name { get; init; }

    public string? Path { get; init; }

    /// <summary>Validation error (file:line:column: message) when rejected.</summary>
    public string? Error { get; init; }

    internal override void WriteEvent(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.String("action"u8, WireNames.Of(Action), FieldCaps.Kind);
        w.OptionalString("error"u8, Error, FieldCaps.Error);
        w.OptionalString("name"u8, Name, FieldCaps.Name);
        w.String("outcome"u8, WireNames.Of(Outcome), FieldCaps.Kind);
        w.OptionalString("path"u8, Path, FieldCaps.Path);
        w.OptionalString("previous_version"u8, PreviousVersion, FieldCaps.Version);
        w.OptionalString("version"u8, Version, FieldCaps.Version);
        w.EndObject();
    }

    internal static PolicyRecord Read(JsonElement e, DateTimeOffset ts) => new()
    {
        Timestamp = ts,
        Action = Json.Enum(e, "action", WireNames.ParsePolicyAction),
        Error = Json.OptionalString(e, "error"),
        Name = Json.OptionalString(e, "name"),
        Outcome = Json.Enum(e, "outcome", WireNames.ParsePolicyOutcome),
        Path = Json.OptionalString(e, "path"),
        PreviousVersion = Json.OptionalString(e, "previous_version"),
        Version = Json.OptionalString(e, "version"),
    };
}
