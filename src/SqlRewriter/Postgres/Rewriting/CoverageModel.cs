using System.Collections.Concurrent;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// Everything that depends only on (policy, catalog, subject class): which columns of which relations are
/// covered, how views map to their sources, which functions are safe to call, and the text of masking
/// subqueries. Shared by all rewrites of the same class; thread-safe.
/// </summary>
internal sealed partial class CoverageModel
{
    private readonly ConcurrentDictionary<QualifiedName, RelationCoverage> _relations = new();
    private readonly ConcurrentDictionary<(CatalogFunction Function, string PathKey), FunctionVerdict> _functions = new();
    private readonly ConcurrentDictionary<(QualifiedName Relation, bool Only), string> _substitutes = new();
    private readonly Lazy<Dictionary<QualifiedName, List<CatalogRelation>>> _children;

    public CoverageModel(Policy policy, CatalogSnapshot catalog, SubjectClass subject)
    {
        Policy = policy;
        Catalog = catalog;
        Subject = subject;
        _children = new Lazy<Dictionary<QualifiedName, List<CatalogRelation>>>(BuildChildren);
    }

    public Policy Policy { get; }

    public CatalogSnapshot Catalog { get; }

    public SubjectClass Subject { get; }

    /// <summary>The coverage of <paramref name="relation"/> for this subject class.</summary>
    public RelationCoverage Coverage(CatalogRelation relation) =>
        _relations.TryGetValue(relation.QualifiedName, out RelationCoverage? known)
            ? known
            : _relations.GetOrAdd(relation.QualifiedName, _ => relation.IsViewLike ? ViewCoverage(relation) : TableCoverage(relation));

    /// <summary>
    /// Could an unknown relation <paramref name="name"/> in one of <paramref name="schemas"/> be covered by a rule in
    /// force? (A relation the snapshot does not know may be new; its columns are unknown, so any rule whose
    /// schema and table parts match counts.)
    /// </summary>
    public bool CouldBeCovered(IEnumerable<string> schemas, string name)
    {
        List<string> candidates = [.. schemas.Where(s => s is not SearchPath.CatalogSchema and not "information_schema")];
        for (int i = 0; i < Policy.Rules.Count; i++)
        {
            if (!Subject.IsInForce(i))
            {
                continue;
            }

            foreach (ColumnPattern pattern in Policy.Rules[i].Columns)
            {
                if (pattern.Table.Matches(name) && candidates.Exists(s => pattern.Schema.Matches(s)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Is the function named in the policy's <c>allowed_functions</c>?</summary>
    public bool IsAllowedFunction(string schema, string name)
    {
        foreach (string entry in Policy.AllowedFunctions)
        {
            if (!ColumnPattern.TryParseParts(entry, allowWildcards: false, out List<IdentifierGlob>? parts, out _))
            {
                continue;
            }

            if ((parts.Count == 1 && parts[0].Matches(name)) || (parts.Count == 2 && parts[0].Matches(schema) && parts[1].Matches(name)))
            {
                return true;
            }
        }

        return false;
    }

    private RelationCoverage TableCoverage(CatalogRelation relation)
    {
        var columns = new CoveredColumn?[relation.Columns.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            RelationColumn column = relation.Columns[i];
            PolicyRule? rule = Subject.MatchColumn(relation.Schema, relation.Name, column.Name)
                ?? InheritedRule(relation, column.Name, [])
                ?? DescendantRule(relation, column.Name, []);
            if (rule is null)
            {
                continue;
            }

            string? problem = MaskCompatibility.Check(rule.Mask, column.TypeName);
            if (problem is not null)
            {
                // A policy checked against this catalog never gets here; refuse rather than guess.
                return new RelationCoverage(relation, columns, true, $"the mask of column {relation.Schema}.{relation.Name}.{column.Name} does not fit its type: {problem}", rule.Id);
            }

            columns[i] = new CoveredColumn(column.Name, column.TypeName, new ColumnSource(relation.QualifiedName, column.Name, column.TypeName, rule));
        }

        return new RelationCoverage(relation, columns, false);
    }

    // A partition or inheritance child holds rows of its parent: the parent's rules cover it too.
    private PolicyRule? InheritedRule(CatalogRelation relation, string column, HashSet<QualifiedName> seen)
    {
        foreach (QualifiedName parent in relation.Parents)
        {
            if (!seen.Add(parent) || Catalog.GetRelation(parent.Schema, parent.Name) is not { } parentRelation || parentRelation.IndexOfColumn(column) < 0)
            {
                continue;
            }

            PolicyRule? rule = Subject.MatchColumn(parent.Schema, parent.Name, column) ?? InheritedRule(parentRelation, column, seen);
            if (rule is not null)
            {
                return rule;
            }
        }

        return null;
    }

    // Reading a parent also reads its children's rows: a rule on a child covers the parent's column.
    private PolicyRule? DescendantRule(CatalogRelation relation, string column, HashSet<QualifiedName> seen)
    {
        if (!_children.Value.TryGetValue(relation.QualifiedName, out List<CatalogRelation>? children))
        {
            return null;
        }

        foreach (CatalogRelation child in children)
        {
            if (!seen.Add(child.QualifiedName) || child.IndexOfColumn(column) < 0)
            {
                continue;
            }

            PolicyRule? rule = Subject.MatchColumn(child.Schema, child.Name, column) ?? DescendantRule(child, column, seen);
            if (rule is not null)
            {
                return rule;
            }
        }

        return null;
    }

    private Dictionary<QualifiedName, List<CatalogRelation>> BuildChildren()
    {
        var map = new Dictionary<QualifiedName, List<CatalogRelation>>();
        foreach (CatalogRelation relation in Catalog.Relations)
        {
            foreach (QualifiedName parent in relation.Parents)
            {
                if (!map.TryGetValue(parent, out List<CatalogRelation>? list))
                {
                    map[parent] = list = [];
                }

                list.Add(relation);
            }
        }

        return map;
    }
}
