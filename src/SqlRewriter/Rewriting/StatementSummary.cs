namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>One statement of the (multi-statement) text.</summary>
/// <param name="Index">0-based position in the text.</param>
/// <param name="Kind">Statement type as a command tag, e.g. <c>SELECT</c>, <c>CREATE TABLE AS</c>, <c>SET</c>.</param>
/// <param name="Action">Broad class.</param>
/// <param name="IsPlainRead">
/// True when the statement cannot change data (SPEC §6: anything else reaches the database only after its
/// audit record is durable). Conservative: a SELECT calling a user-defined function or locking rows is not a plain read.
/// </param>
/// <param name="Start">Start of the statement in the original text (UTF-16 index).</param>
/// <param name="Length">Length in the original text (UTF-16 code units), excluding the terminating semicolon.</param>
public sealed record StatementSummary(int Index, string Kind, StatementAction Action, bool IsPlainRead, int Start, int Length);
