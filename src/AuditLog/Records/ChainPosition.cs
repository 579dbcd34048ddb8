namespace MaskingProxy.AuditLog.Records;

/// <summary>A snapshot of a chain's head, used to roll the writer back after a failed write.</summary>
internal readonly record struct ChainPosition(long NextSeq, byte[] LastHash, long SinceCheckpoint);
