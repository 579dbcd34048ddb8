namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>What the analyzer is looking at.</summary>
internal enum AnalyzerMode
{
    /// <summary>A statement the subject sent: produces edits, denials and result facts.</summary>
    Statement,

    /// <summary>
    /// A view definition: runs unrewritten with raw base columns; the analysis only finds, per view column,
    /// whether it passes a covered column through unchanged (maskable) or computes from one (not maskable).
    /// </summary>
    ViewBody,
}
