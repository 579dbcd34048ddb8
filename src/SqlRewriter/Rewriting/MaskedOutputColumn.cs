namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>A result column whose value is (derived from) a masked covered column.</summary>
/// <param name="StatementIndex">Statement that produces the result set.</param>
/// <param name="OutputIndex">0-based column position in the result, or null when it cannot be known statically.</param>
/// <param name="OutputName">Result column name.</param>
/// <param name="Source">The covered source column.</param>
/// <param name="RuleId">The rule that masks it.</param>
/// <param name="Derived">True when the output is an expression over the masked value rather than the value itself.</param>
public sealed record MaskedOutputColumn(int StatementIndex, int? OutputIndex, string OutputName, ObjectReference Source, string RuleId, bool Derived);
