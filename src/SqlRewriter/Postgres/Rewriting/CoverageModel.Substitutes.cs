using System.Text;
using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class CoverageModel
{
    /// <summary>Prefix of the hidden columns that carry raw values to predicates; subjects may not use it.</summary>
    public const string HiddenPrefix = "__mp_raw_";

    /// <summary>Name of the hidden raw column for <paramref name="column"/>.</summary>
    public static string HiddenName(string column) => HiddenPrefix + column;

    /// <summary>
    /// The masking subquery replacing a reference to a covered relation:
    /// <c>(SELECT c1, mask(c2) AS c2, …[, c AS __mp_raw_c …] FROM [ONLY] schema.relation)</c>.
    /// Columns keep their order, names and types, so <c>*</c>, positional references and typed drivers see
    /// the relation's shape.
    /// </summary>
    public string Substitute(RelationCoverage coverage, IReadOnlyCollection<int> hidden, bool only)
    {
        if (hidden.Count == 0)
        {
            return _substitutes.GetOrAdd((coverage.Relation.QualifiedName, only), _ => BuildSubstitute(coverage, hidden, only));
        }

        return BuildSubstitute(coverage, hidden, only);
    }

    private static string BuildSubstitute(RelationCoverage coverage, IReadOnlyCollection<int> hidden, bool only)
    {
        CatalogRelation relation = coverage.Relation;

        // Column references are qualified with the relation: if the catalog were stale and a column gone,
        // an unqualified name could silently bind to a same-named column of an enclosing query instead.
        string qualifier = SqlIdentifier.Quote(relation.Name) + ".";
        var sql = new StringBuilder("(SELECT ");
        for (int i = 0; i < relation.Columns.Count; i++)
        {
            if (i > 0)
            {
                sql.Append(", ");
            }

            string name = SqlIdentifier.Quote(relation.Columns[i].Name);
            CoveredColumn? covered = coverage.Columns[i];
            if (covered is null || covered.IsHash)
            {
                // Hash masks are applied by the proxy to the result values (the key must not be in SQL).
                sql.Append(qualifier).Append(name);
            }
            else
            {
                sql.Append(MaskTemplates.Build(covered.Rule.Mask, covered.TypeName, qualifier + name)).Append(" AS ").Append(name);
            }
        }

        foreach (int index in hidden)
        {
            string name = relation.Columns[index].Name;
            sql.Append(", ").Append(qualifier).Append(SqlIdentifier.Quote(name)).Append(" AS ").Append(SqlIdentifier.Quote(HiddenName(name)));
        }

        sql.Append(" FROM ");
        if (only)
        {
            sql.Append("ONLY ");
        }

        sql.Append(SqlIdentifier.Qualified(relation.Schema, relation.Name)).Append(')');
        return sql.ToString();
    }
}
