namespace MaskingProxy.AuditLog.Verify;

/// <summary>Why a log is broken (the first problem found, in file order).</summary>
public enum VerifyFailure
{
    None,

    /// <summary>A record's stored hash is not SM3(prev_hash || canonical record): modified, or its predecessor changed/removed.</summary>
    HashMismatch,

    /// <summary>The hash chain holds but the MAC does not: records were written or re-hashed without the audit key.</summary>
    MacMismatch,

    /// <summary>A checkpoint's SM2 signature does not verify with the public key (or names another key).</summary>
    BadSignature,

    /// <summary>Sequence numbers skip: records were deleted.</summary>
    Gap,

    /// <summary>A record appears out of order (the expected one comes later).</summary>
    Reorder,

    /// <summary>A record repeats one already seen.</summary>
    Duplicate,

    /// <summary>The log ends in a partial line (crash mid-write, or a cut) while no writer is running.</summary>
    TornTail,

    /// <summary>
    /// The log ends without a shutdown checkpoint while no writer is running: records after the
    /// last signed checkpoint may have been cut (or the writer crashed and has not restarted).
    /// </summary>
    UnsignedTail,

    /// <summary>A record of another chain, or a chain that does not start where it should.</summary>
    ChainMismatch,

    /// <summary>Segment files missing, renamed or not starting with their own segment record.</summary>
    SegmentMismatch,

    /// <summary>A line that is not a well-formed record (before the last line), or an index document that is not a record.</summary>
    Malformed,

    /// <summary>
    /// Index only: the record verifies but the document's <c>search</c> copy (what Kibana searches)
    /// does not match it: the searchable fields were edited in Elasticsearch.
    /// </summary>
    SearchFieldsMismatch,
}
