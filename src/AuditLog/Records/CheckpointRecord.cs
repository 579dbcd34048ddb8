using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// A signed checkpoint (type "checkpoint"), written by the writer only. It names the chain head it
/// covers (<see cref="HeadSeq"/>/<see cref="HeadHash"/>: the record just before it) and is itself
/// chained; its line carries <c>sig</c> = SM2 signature over the checkpoint record's own 32-byte
/// hash, so a public key alone proves every record up to and including the checkpoint.
/// </summary>
public sealed class CheckpointRecord : AuditRecord
{
    public override string Type => AuditRecordTypes.Checkpoint;

    public required long HeadSeq { get; init; }

    /// <summary>Hex hash of the record at <see cref="HeadSeq"/>.</summary>
    public required string HeadHash { get; init; }

    /// <summary><see cref="Crypto.Sm2PublicKey.KeyId"/> of the signing key.</summary>
    public required string KeyId { get; init; }

    public required CheckpointReason Reason { get; init; }

    /// <summary>Records since the previous checkpoint (or chain start).</summary>
    public required long Records { get; init; }

    internal override void WriteEvent(CanonicalJsonWriter w)
    {
        w.StartObject();
        w.String("head_hash"u8, HeadHash, FieldCaps.Hash);
        w.Integer("head_seq"u8, HeadSeq);
        w.String("key_id"u8, KeyId, FieldCaps.KeyId);
        w.String("reason"u8, WireNames.Of(Reason), FieldCaps.Kind);
        w.Integer("records"u8, Records);
        w.EndObject();
    }

    internal static CheckpointRecord Read(JsonElement e, DateTimeOffset ts) => new()
    {
        Timestamp = ts,
        HeadHash = Json.RequiredString(e, "head_hash"),
        HeadSeq = Json.RequiredInt64(e, "head_seq"),
        KeyId = Json.RequiredString(e, "key_id"),
        Reason = Json.Enum(e, "reason", WireNames.ParseCheckpointReason),
        Records = Json.RequiredInt64(e, "records"),
    };
}
