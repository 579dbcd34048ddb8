using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Templates;

/// <summary>Turns the rewrite of a <see cref="LiteralTemplate"/> into the rewrite of the text it came from.</summary>
public static class TemplateResults
{
    /// <summary>
    /// The template's result with the literals put back into the rewritten text and statement spans
    /// mapped to the original text. False when the rewritten text does not carry the placeholders
    /// back faithfully (the caller then rewrites the original text).
    /// </summary>
    public static bool TryInstantiate(LiteralTemplate template, RewriteResult templated, out RewriteResult result)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(templated);
        result = templated;
        // Only a clean allow (or mask) of a parsed template transfers: an allow that waived a check
        // (unparseable: allow, dynamic_sql: allow) may hold for the placeholder and not for the literal.
        if (templated.Verdict == RewriteVerdict.Deny || templated.Warnings.Count > 0 || templated.Statements.Count == 0)
        {
            return false;
        }
        string? rewritten = null;
        if (templated.RewrittenSql is { } sql)
        {
            try
            {
                rewritten = template.Instantiate(sql);
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
        var statements = new StatementSummary[templated.Statements.Count];
        for (var i = 0; i < statements.Length; i++)
        {
            var s = templated.Statements[i];
            var start = template.ToOriginal(s.Start);
            var end = template.ToOriginal(s.Start + s.Length);
            statements[i] = s with { Start = start, Length = end - start };
        }
        result = templated with { RewrittenSql = rewritten, Statements = statements };
        return true;
    }
}
