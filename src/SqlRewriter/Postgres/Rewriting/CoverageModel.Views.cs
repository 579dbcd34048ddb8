using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class CoverageModel
{
    [ThreadStatic]
    private static HashSet<QualifiedName>? t_viewsInProgress;

    /// <summary>
    /// Maps each view column to a covered source column (a plain pass-through, maskable with the source's
    /// rule) or finds that it is computed from covered data (not maskable: references are denied).
    /// </summary>
    private RelationCoverage ViewCoverage(CatalogRelation view)
    {
        string name = $"{view.Schema}.{view.Name}";
        var columns = new CoveredColumn?[view.Columns.Count];
        if (string.IsNullOrWhiteSpace(view.ViewDefinition))
        {
            return new RelationCoverage(view, columns, true, $"view {name} has no definition in the catalog snapshot");
        }

        t_viewsInProgress ??= [];
        if (!t_viewsInProgress.Add(view.QualifiedName))
        {
            return new RelationCoverage(view, columns, true, $"view {name} depends on itself");
        }

        try
        {
            if (!PgQuery.TryParse(view.ViewDefinition, out ParseResult? tree, out PgParseError? error))
            {
                return new RelationCoverage(view, columns, true, $"view {name}: its definition cannot be parsed ({error.Message})");
            }

            if (tree.Stmts.Count != 1 || tree.Stmts[0].Stmt.NodeCase != Node.NodeOneofCase.SelectStmt)
            {
                return new RelationCoverage(view, columns, true, $"view {name}: its definition is not a single SELECT");
            }

            var results = new AnalysisResults();

            // pg_get_viewdef qualifies every name that is not in pg_catalog (the loader reads with
            // search_path = pg_catalog), so the definition resolves the same under any session path.
            var session = new SessionState(new SessionSettings(SearchPath.FromNames([])), string.Empty);
            var analyzer = new Analyzer(this, new SqlText(view.ViewDefinition), AnalyzerMode.ViewBody, session, results);
            List<OutputColumn> outputs;
            try
            {
                outputs = analyzer.AnalyzeViewBody(tree.Stmts[0].Stmt.SelectStmt);
            }
            catch (RewriteDeniedException denied)
            {
                return new RelationCoverage(view, columns, true, $"view {name} cannot be masked: {denied.Message}", denied.RuleId);
            }

            if (outputs.Count != view.Columns.Count || outputs.Exists(o => o.IsUnknownMarker))
            {
                return new RelationCoverage(view, columns, results.MaskedSomething, $"view {name}: its columns cannot be matched to its definition");
            }

            for (int i = 0; i < columns.Length; i++)
            {
                RelationColumn column = view.Columns[i];
                Flow flow = outputs[i].Flow;
                PolicyRule? direct = Subject.MatchColumn(view.Schema, view.Name, column.Name);
                ColumnSource? source = null;
                if (flow.Kind == FlowKind.RawUnmasked && flow.Bare)
                {
                    source = flow.Source!;
                    if (direct is not null && direct != source.Rule)
                    {
                        return new RelationCoverage(view, columns, true, $"view column {name}.{column.Name} passes {Describe(source)} (rule {source.Rule.Id}) through but is also covered by rule {direct.Id}", direct.Id);
                    }
                }
                else if (flow.IsCovered)
                {
                    ColumnSource first = flow.Sources[0];
                    return new RelationCoverage(view, columns, true, $"view column {name}.{column.Name} is computed from covered column {Describe(first)} and cannot be masked", first.Rule.Id);
                }
                else if (direct is not null)
                {
                    source = new ColumnSource(view.QualifiedName, column.Name, column.TypeName, direct);
                }

                if (source is null)
                {
                    continue;
                }

                string? problem = MaskCompatibility.Check(source.Rule.Mask, column.TypeName);
                if (problem is not null)
                {
                    return new RelationCoverage(view, columns, true, $"view column {name}.{column.Name}: the mask of {Describe(source)} does not fit the view column's type ({problem})", source.Rule.Id);
                }

                columns[i] = new CoveredColumn(column.Name, column.TypeName, source);
            }

            return new RelationCoverage(view, columns, results.MaskedSomething);
        }
        finally
        {
            t_viewsInProgress.Remove(view.QualifiedName);
        }
    }

    private static string Describe(ColumnSource source) => source.Display;
}
