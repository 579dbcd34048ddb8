using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>A covered catalog column a value comes from, with the rule that masks it for the subject.</summary>
/// <param name="Relation">The relation (table or view) whose column is covered.</param>
/// <param name="Column">Column name.</param>
/// <param name="TypeName">Declared type (format_type text).</param>
/// <param name="Rule">The rule in force.</param>
internal sealed record ColumnSource(QualifiedName Relation, string Column, string TypeName, PolicyRule Rule)
{
    public bool IsHash => Rule.Mask is HashMask;

    public string Display => $"{Relation.Schema}.{Relation.Name}.{Column}";
}
