using System.Text;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Text edits collected during analysis and applied at once; overlapping edits are a bug and refuse the rewrite.</summary>
internal sealed class EditList
{
    private readonly List<SqlEdit> _edits = [];

    public int Count => _edits.Count;

    public void Replace(int start, int end, string text)
    {
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"invalid edit span [{start}, {end})");
        }

        _edits.Add(new SqlEdit(start, end, text));
    }

    public void Insert(int at, string text) => Replace(at, at, text);

    /// <summary>Applies the edits; throws when two edits overlap (the rewriter then denies instead of guessing).</summary>
    public string Apply(string sql)
    {
        if (_edits.Count == 0)
        {
            return sql;
        }

        // Stable order: by start, then insertions before replacements at the same point.
        List<SqlEdit> ordered = [.. _edits.Select((e, i) => (e, i)).OrderBy(x => x.e.Start).ThenBy(x => x.e.End).ThenBy(x => x.i).Select(x => x.e)];
        var result = new StringBuilder(sql.Length + ordered.Sum(e => e.Text.Length));
        int position = 0;
        foreach (SqlEdit edit in ordered)
        {
            if (edit.Start < position || edit.End > sql.Length)
            {
                throw new InvalidOperationException($"overlapping rewrite edits at {edit.Start}");
            }

            result.Append(sql, position, edit.Start - position).Append(edit.Text);
            position = edit.End;
        }

        return result.Append(sql, position, sql.Length - position).ToString();
    }
}
