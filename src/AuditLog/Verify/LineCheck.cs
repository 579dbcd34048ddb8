namespace MaskingProxy.AuditLog.Verify;

/// <summary>Result of checking one line against the chain state.</summary>
internal enum LineCheck
{
    Ok,
    Malformed,
    ChainMismatch,
    SeqMismatch,
    HashMismatch,
    MacMismatch,
    BadSignature,
}
