using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    /// <summary>
    /// Emits the edits that depend on the whole statement: masking subqueries (their hidden raw columns are
    /// known only now) and spelled-out stars.
    /// </summary>
    private void FinishStatement()
    {
        if (ViewMode)
        {
            return;
        }

        foreach (PendingStar star in _stars)
        {
            string? expansion = StarExpansion(star);
            if (expansion is null)
            {
                continue;
            }

            if (star.Start < 0 || star.End < 0)
            {
                throw new RewriteDeniedException(DenialKind.Unprovable, "cannot locate a '*' that must be spelled out in the statement text");
            }

            _edits.Replace(star.Start, star.End, expansion);
        }

        foreach (RangeItem item in _substituted)
        {
            if (item.WholeRowUsed && item.Hidden.Count > 0)
            {
                throw new RewriteDeniedException(DenialKind.Unprovable, $"a whole-row reference to {item.RefName} cannot be combined with predicates on its raw (predicates: allow) columns");
            }

            _results.MaskedSomething = true;

            // Hash masks are applied to result values by the proxy: such a relation needs no subquery
            // unless a predicate needs hidden raw columns (it never does: its raw value is the column).
            if (item.Coverage!.OnlyHash && item.Hidden.Count == 0 && item.TableKeywordStart < 0)
            {
                continue;
            }

            string substitute = _model.Substitute(item.Coverage, item.Hidden, item.Only);
            string alias = item.HasAlias ? string.Empty : " AS " + SqlIdentifier.Quote(item.RefName!);
            if (item.TableKeywordStart >= 0)
            {
                // TABLE name  is  SELECT * FROM name.
                _edits.Replace(item.TableKeywordStart, item.SpanEnd, "SELECT * FROM " + substitute + alias);
                continue;
            }

            _edits.Replace(item.SpanStart, item.SpanEnd, substitute + alias);
        }
    }
}
