using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    /// <summary>A relation name in FROM/USING: a CTE, or a catalog relation (substituted when covered).</summary>
    private RangeItem RelationItem(RangeVar relation, QueryLevel level)
    {
        string? schema = relation.Schemaname.Length > 0 ? relation.Schemaname : null;
        string refName = relation.Alias?.Aliasname ?? relation.Relname;
        bool hasAlias = relation.Alias is not null;
        CheckReserved(refName);

        if (schema is null && relation.Catalogname.Length == 0 && level.FindCte(relation.Relname) is { } cte)
        {
            return new RangeItem(ItemKind.Derived, refName, ApplyAliases([.. cte.Columns], relation.Alias)) { HasAlias = hasAlias };
        }

        CatalogRelation? catalogRelation = ResolveReadRelation(relation, schema);
        if (catalogRelation is null)
        {
            return new RangeItem(ItemKind.Opaque, refName, ApplyAliases([ItemColumn.Unknown()], relation.Alias)) { HasAlias = hasAlias };
        }

        Touch(catalogRelation);
        RelationCoverage coverage = _model.Coverage(catalogRelation);
        if (coverage.UnsafeReason is not null)
        {
            throw Deny(DenialKind.Policy, coverage.UnsafeReason, coverage.UnsafeRuleId);
        }

        if (ViewMode)
        {
            if (coverage.ReadsCovered)
            {
                _results.MaskedSomething = true;
            }

            return new RangeItem(ItemKind.ViewBase, refName, ApplyAliases(RelationColumns(catalogRelation, coverage, FlowKind.RawUnmasked), relation.Alias))
            {
                Relation = catalogRelation,
                Coverage = coverage,
                HasAlias = hasAlias,
            };
        }

        if (!coverage.HasCovered)
        {
            return new RangeItem(ItemKind.Relation, refName, ApplyAliases(RelationColumns(catalogRelation, coverage, FlowKind.Clean), relation.Alias))
            {
                Relation = catalogRelation,
                Coverage = coverage,
                HasAlias = hasAlias,
            };
        }

        (int start, int end, bool only) = SubstitutionSpan(relation);
        var item = new RangeItem(ItemKind.Substituted, refName, ApplyAliases(RelationColumns(catalogRelation, coverage, FlowKind.Masked), relation.Alias))
        {
            Relation = catalogRelation,
            Coverage = coverage,
            HasAlias = hasAlias,
            SpanStart = start,
            SpanEnd = end,
            Only = only,
        };
        _substituted.Add(item);
        return item;
    }

    /// <summary>Resolves a relation that is read; null for system, temporary and unknown relations (after checks).</summary>
    private CatalogRelation? ResolveReadRelation(RangeVar relation, string? schema)
    {
        if (schema is null && _session.SearchPathUnknown)
        {
            Unprovable($"relation {relation.Relname}: search_path was reset earlier in this text, so the proxy cannot resolve unqualified names; send the statement separately");
        }

        RelationResolution resolved = Catalog.ResolveRelation(schema, relation.Relname, _session.SearchPath, _session.CurrentUser, _session.TemporaryRelations);
        switch (resolved.Kind)
        {
            case RelationResolutionKind.Catalog:
                return resolved.Relation;
            case RelationResolutionKind.System:
                if (resolved.Schema == SearchPath.CatalogSchema && FunctionBodyScanner.IsSensitiveSystemRelation(relation.Relname))
                {
                    throw Deny(DenialKind.SideDoor, $"pg_catalog.{relation.Relname} exposes column values (statistics or large objects)");
                }

                return null;
            case RelationResolutionKind.Temporary:
                return null;
            default:
                if (_model.CouldBeCovered(resolved.CandidateSchemas, relation.Relname))
                {
                    string name = schema is null ? relation.Relname : $"{schema}.{relation.Relname}";
                    Unprovable($"relation {name} is not in the catalog snapshot, and a rule could cover it", catalogMiss: true);
                }

                return null;
        }
    }

    private static List<ItemColumn> RelationColumns(CatalogRelation relation, RelationCoverage coverage, FlowKind coveredKind)
    {
        var columns = new List<ItemColumn>(relation.Columns.Count);
        for (int i = 0; i < relation.Columns.Count; i++)
        {
            string name = relation.Columns[i].Name;
            var reference = new ObjectReference(relation.Schema, relation.Name, name);
            CoveredColumn? covered = coverage.Columns[i];
            Flow flow = Flow.Clean;
            if (covered is not null)
            {
                FlowKind kind = coveredKind == FlowKind.Masked && covered.IsHash ? FlowKind.HashRaw : coveredKind;
                flow = kind == FlowKind.Clean ? Flow.Clean : Flow.Column(kind, covered.Source);
            }

            columns.Add(ItemColumn.Of(name, flow, reference, covered));
        }

        return columns;
    }

    /// <summary>
    /// The text span a masking subquery replaces: the relation name, plus <c>ONLY</c> / <c>ONLY ( ... )</c>
    /// before it or the inheritance <c>*</c> after it. An alias after the name stays and names the subquery.
    /// </summary>
    private (int Start, int End, bool Only) SubstitutionSpan(RangeVar relation)
    {
        int start = _text.Index(relation.Location);
        int parts = 1 + (relation.Schemaname.Length > 0 ? 1 : 0) + (relation.Catalogname.Length > 0 ? 1 : 0);
        int end = start < 0 ? -1 : _text.NameEnd(start, parts);
        if (end < 0)
        {
            throw new RewriteDeniedException(DenialKind.Unprovable, $"cannot locate the reference to {relation.Relname} in the statement text");
        }

        if (relation.Inh)
        {
            int next = _text.SkipTrivia(end);
            if (next < _text.Length && _text.Sql[next] == '*')
            {
                end = next + 1;
            }

            return (start, end, false);
        }

        // ONLY name, or ONLY ( name ).
        Interop.PgToken? before = _text.TokenBefore(start);
        if (before is { Kind: Token.Only } only)
        {
            return (only.Start, end, true);
        }

        if (before is { Kind: Token.Ascii40 } paren && _text.TokenBefore(paren.Start) is { Kind: Token.Only } onlyParen)
        {
            int close = _text.SkipTrivia(end);
            if (close < _text.Length && _text.Sql[close] == ')')
            {
                return (onlyParen.Start, close + 1, true);
            }
        }

        throw new RewriteDeniedException(DenialKind.Unprovable, $"cannot locate ONLY before {relation.Relname} in the statement text");
    }
}
