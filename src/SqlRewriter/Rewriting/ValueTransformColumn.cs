using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>
/// A result column the proxy must transform in every row before relaying it, because its mask cannot be
/// computed in SQL (<see cref="HashMask"/>: the key must never appear in statement text).
/// </summary>
/// <param name="StatementIndex">Statement that produces the result set.</param>
/// <param name="OutputIndex">0-based column position in the result set.</param>
/// <param name="OutputName">Result column name.</param>
/// <param name="Source">The covered source column.</param>
/// <param name="RuleId">The rule.</param>
/// <param name="Mask">The mask to apply to each value (text format).</param>
public sealed record ValueTransformColumn(int StatementIndex, int OutputIndex, string OutputName, ObjectReference Source, string RuleId, MaskSpec Mask);
