using System.Text;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    private void AnalyzeCopy(CopyStmt copy)
    {
        if (copy.IsProgram || copy.Filename.Length > 0)
        {
            throw Deny(DenialKind.SideDoor, $"COPY {(copy.IsFrom ? "FROM" : "TO")} {(copy.IsProgram ? "PROGRAM" : "a server file")} reaches the database server's files or programs");
        }

        if (copy.IsFrom)
        {
            return;
        }

        if (copy.Query is { } query)
        {
            foreach (OutputColumn column in AnalyzeRowSource(query, null))
            {
                CheckCopied(column.Flow, "COPY TO");
            }

            return;
        }

        string? schema = copy.Relation.Schemaname.Length > 0 ? copy.Relation.Schemaname : null;
        CatalogRelation? relation = ResolveReadRelation(copy.Relation, schema);
        if (relation is null)
        {
            return;
        }

        Touch(relation);
        RelationCoverage coverage = _model.Coverage(relation);
        if (coverage.UnsafeReason is not null)
        {
            throw Deny(DenialKind.Policy, coverage.UnsafeReason, coverage.UnsafeRuleId);
        }

        List<string> names = copy.Attlist.Count > 0 ? Names.Strings(copy.Attlist) : [.. relation.Columns.Select(c => c.Name)];
        var select = new StringBuilder("(SELECT ");
        bool covered = false;
        for (int n = 0; n < names.Count; n++)
        {
            int index = relation.IndexOfColumn(names[n]);
            if (index < 0)
            {
                // The server will report the unknown column.
                return;
            }

            Touch(new ObjectReference(relation.Schema, relation.Name, names[n]));
            CoveredColumn? column = coverage.Columns[index];
            string quoted = SqlIdentifier.Quote(names[n]);
            select.Append(n > 0 ? ", " : string.Empty);
            if (column is null)
            {
                select.Append(quoted);
                continue;
            }

            covered = true;
            CheckCopied(Flow.Column(column.IsHash ? FlowKind.HashRaw : FlowKind.Masked, column.Source), "COPY TO");
            select.Append(MaskTemplates.Build(column.Rule.Mask, column.TypeName, SqlIdentifier.Quote(relation.Name) + "." + quoted)).Append(" AS ").Append(quoted);
        }

        if (!covered)
        {
            return;
        }

        // COPY table [(columns)] TO ...  becomes  COPY (SELECT masked columns FROM schema.table) TO ...
        select.Append(" FROM ").Append(SqlIdentifier.Qualified(relation.Schema, relation.Name)).Append(')');
        int start = _text.Index(copy.Relation.Location);
        int parts = 1 + (copy.Relation.Schemaname.Length > 0 ? 1 : 0) + (copy.Relation.Catalogname.Length > 0 ? 1 : 0);
        int end = start < 0 ? -1 : _text.NameEnd(start, parts);
        if (end >= 0 && copy.Attlist.Count > 0)
        {
            end = ColumnListEnd(end);
        }

        if (end < 0)
        {
            throw new RewriteDeniedException(DenialKind.Unprovable, $"cannot locate the relation of COPY {relation.Name} in the statement text");
        }

        _edits.Replace(start, end, select.ToString());
    }

    /// <summary>End of a parenthesised identifier list that starts after <paramref name="from"/> (quoted names may hold parentheses).</summary>
    private int ColumnListEnd(int from)
    {
        int i = _text.SkipTrivia(from);
        if (i >= _text.Length || _text.Sql[i] != '(')
        {
            return -1;
        }

        i++;
        while (true)
        {
            i = _text.SkipTrivia(i);
            if (i >= _text.Length)
            {
                return -1;
            }

            char c = _text.Sql[i];
            if (c == ')')
            {
                return i + 1;
            }

            if (c == ',')
            {
                i++;
                continue;
            }

            int end = _text.NameEnd(i, 1);
            if (end < 0)
            {
                return -1;
            }

            i = end;
        }
    }

    private void AnalyzeCreateTableAs(CreateTableAsStmt create, RawStmt raw)
    {
        _ = raw;
        NoteCreatedRelation(create.Into?.Rel);
        if (create.Query.NodeCase == Node.NodeOneofCase.ExecuteStmt)
        {
            // The prepared statement was rewritten when it was prepared, but what it reads is not known here.
            if (Policy.Defaults.CopyOut == CopyOutMode.Deny)
            {
                throw Deny(DenialKind.CopyOut, "CREATE TABLE AS EXECUTE may copy covered columns (copy_out: deny)");
            }

            foreach (Node parameter in create.Query.ExecuteStmt.Params)
            {
                CheckCopied(Expr(parameter, new ExprContext(new QueryLevel(null), Clause.Other)), "a parameter of EXECUTE");
            }

            return;
        }

        string what = create.Objtype == ObjectType.ObjectMatview ? "CREATE MATERIALIZED VIEW" : create.IsSelectInto ? "SELECT INTO" : "CREATE TABLE AS";
        foreach (OutputColumn column in AnalyzeRowSource(create.Query, null))
        {
            CheckCopied(column.Flow, what);
        }
    }
}
