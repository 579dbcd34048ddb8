using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    /// <summary>Analyses one top-level statement; edits are collected, denials thrown.</summary>
    public void AnalyzeStatement(RawStmt raw, int index)
    {
        _statementIndex = index;
        _substituted.Clear();
        _stars.Clear();
        AnalyzeStatementNode(raw.Stmt, ResultConsumer.Client, raw);
        FinishStatement();
    }

    /// <summary>Analyses a view definition and returns its result columns (view mode).</summary>
    public List<OutputColumn> AnalyzeViewBody(SelectStmt select) => AnalyzeSelect(select, null);

    /// <summary>A statement that produces rows (SELECT, or DML with RETURNING), as a CTE, COPY or EXPLAIN body.</summary>
    private List<OutputColumn> AnalyzeRowSource(Node node, QueryLevel? parent)
    {
        switch (node.NodeCase)
        {
            case Node.NodeOneofCase.SelectStmt:
                return AnalyzeSelect(node.SelectStmt, parent);
            case Node.NodeOneofCase.InsertStmt:
                return AnalyzeInsert(node.InsertStmt, parent);
            case Node.NodeOneofCase.UpdateStmt:
                return AnalyzeUpdate(node.UpdateStmt, parent);
            case Node.NodeOneofCase.DeleteStmt:
                return AnalyzeDelete(node.DeleteStmt, parent);
            case Node.NodeOneofCase.MergeStmt:
                AnalyzeMerge(node.MergeStmt, parent);
                return [];
            default:
                Unprovable($"{StatementClassifier.Describe(node)} cannot be used here");
                return [];
        }
    }

    private void AnalyzeStatementNode(Node node, ResultConsumer consumer, RawStmt raw)
    {
        switch (node.NodeCase)
        {
            case Node.NodeOneofCase.SelectStmt:
                SelectStmt select = node.SelectStmt;
                if (select.IntoClause is { } into)
                {
                    NoteCreatedRelation(into.Rel);
                    consumer = ResultConsumer.Copy;
                }

                ReportOutputs(AnalyzeSelect(select, null), consumer, consumer == ResultConsumer.Copy ? "SELECT INTO" : "SELECT");
                break;
            case Node.NodeOneofCase.InsertStmt or Node.NodeOneofCase.UpdateStmt or Node.NodeOneofCase.DeleteStmt or Node.NodeOneofCase.MergeStmt:
                ReportOutputs(AnalyzeRowSource(node, null), consumer, "RETURNING");
                break;
            case Node.NodeOneofCase.ExplainStmt:
                AnalyzeStatementNode(node.ExplainStmt.Query, ResultConsumer.Discarded, raw);
                break;
            case Node.NodeOneofCase.DeclareCursorStmt:
                AnalyzeStatementNode(node.DeclareCursorStmt.Query, ResultConsumer.Cursor, raw);
                break;
            case Node.NodeOneofCase.PrepareStmt:
                AnalyzeStatementNode(node.PrepareStmt.Query, ResultConsumer.Prepared, raw);
                break;
            case Node.NodeOneofCase.ExecuteStmt:
                var level = new QueryLevel(null);
                foreach (Node parameter in node.ExecuteStmt.Params)
                {
                    CheckCopied(Expr(parameter, new ExprContext(level, Clause.Other)), "a parameter of EXECUTE");
                }

                break;
            case Node.NodeOneofCase.CopyStmt:
                AnalyzeCopy(node.CopyStmt);
                break;
            case Node.NodeOneofCase.CreateTableAsStmt:
                AnalyzeCreateTableAs(node.CreateTableAsStmt, raw);
                break;
            case Node.NodeOneofCase.VariableSetStmt:
                AnalyzeSet(node.VariableSetStmt);
                break;
            case Node.NodeOneofCase.DiscardStmt:
                AnalyzeDiscard(node.DiscardStmt);
                break;
            case Node.NodeOneofCase.DeallocateStmt:
                AnalyzeDeallocate(node, raw);
                break;
            case Node.NodeOneofCase.DoStmt:
                AnalyzeDo(node.DoStmt);
                break;
            case Node.NodeOneofCase.CallStmt:
                AnalyzeCall(node.CallStmt);
                break;
            case Node.NodeOneofCase.CreateStmt:
                NoteCreatedRelation(node.CreateStmt.Relation);
                break;
            case Node.NodeOneofCase.CreateSchemaStmt:
                foreach (Node element in node.CreateSchemaStmt.SchemaElts)
                {
                    AnalyzeStatementNode(element, ResultConsumer.Discarded, raw);
                }

                break;
            default:
                AnalyzeDdl(node, raw);
                break;
        }
    }

    /// <summary>Records the facts a consumer of a statement's rows needs (or denies what it cannot receive).</summary>
    private void ReportOutputs(List<OutputColumn> outputs, ResultConsumer consumer, string what)
    {
        if (ViewMode)
        {
            return;
        }

        bool positionsKnown = true;
        for (int i = 0; i < outputs.Count; i++)
        {
            OutputColumn column = outputs[i];
            if (column.IsUnknownMarker)
            {
                positionsKnown = false;
                continue;
            }

            Flow flow = column.Flow;
            if (!flow.IsCovered)
            {
                continue;
            }

            if (flow.Kind is FlowKind.RawPredicate or FlowKind.RawUnmasked or FlowKind.Derived || (flow.Kind == FlowKind.HashRaw && !flow.Bare))
            {
                throw Deny(DenialKind.Policy, $"result column {column.Name} would carry the raw value of {Describe(flow.Sources[0])}", flow.Sources[0].Rule.Id);
            }

            switch (consumer)
            {
                case ResultConsumer.Client:
                    if (flow.Kind == FlowKind.HashRaw)
                    {
                        ColumnSource source = flow.Source!;
                        if (!positionsKnown)
                        {
                            throw Deny(DenialKind.Policy, $"hash-masked column {Describe(source)} follows a '*' over columns the proxy cannot count, so its result position is unknown", source.Rule.Id);
                        }

                        _results.Transforms.Add(new ValueTransformColumn(_statementIndex, i, column.Name, Reference(source), source.Rule.Id, source.Rule.Mask));
                        _results.UseRule(source.Rule.Id);
                    }
                    else
                    {
                        ReportMasked(flow, i, column.Name, positionsKnown);
                    }

                    break;
                case ResultConsumer.Cursor or ResultConsumer.Prepared:
                    if (flow.Kind == FlowKind.HashRaw)
                    {
                        string channel = consumer == ResultConsumer.Cursor ? "a cursor" : "a prepared statement";
                        throw Deny(DenialKind.Policy, $"hash-masked column {Describe(flow.Source!)} cannot be returned through {channel}: the proxy transforms only direct result rows", flow.Source!.Rule.Id);
                    }

                    ReportMasked(flow, i, column.Name, positionsKnown);
                    break;
                case ResultConsumer.Copy:
                    CheckCopied(flow, $"{what} (column {column.Name})");
                    break;
            }
        }
    }

    private void ReportMasked(Flow flow, int index, string name, bool positionKnown)
    {
        foreach (ColumnSource source in flow.Sources)
        {
            _results.MaskedColumns.Add(new MaskedOutputColumn(_statementIndex, positionKnown ? index : null, name, Reference(source), source.Rule.Id, !flow.Bare));
            _results.UseRule(source.Rule.Id);
        }
    }

    /// <summary>A value is stored into a table or file (copy_out).</summary>
    private void CheckCopied(Flow flow, string what)
    {
        if (ViewMode || !flow.IsCovered)
        {
            return;
        }

        ColumnSource source = flow.Sources[0];
        if (flow.Kind != FlowKind.Masked)
        {
            throw Deny(DenialKind.Policy, $"{what} would store the raw value of {Describe(source)}: its mask ({source.Rule.Mask.TypeName}) cannot be computed in SQL", source.Rule.Id);
        }

        if (Policy.Defaults.CopyOut == Policies.CopyOutMode.Deny)
        {
            throw Deny(DenialKind.CopyOut, $"{what} copies covered column {Describe(source)} (copy_out: deny)", source.Rule.Id);
        }

        foreach (ColumnSource s in flow.Sources)
        {
            _results.UseRule(s.Rule.Id);
        }
    }

    private static ObjectReference Reference(ColumnSource source) => new(source.Relation.Schema, source.Relation.Name, source.Column);

    private void NoteCreatedRelation(RangeVar? relation)
    {
        if (relation is null)
        {
            return;
        }

        if (relation.Relpersistence == "t" || relation.Schemaname == "pg_temp")
        {
            _session.TemporaryRelations.Add(relation.Relname);
            _results.Effects.Add(new SessionEffect(_statementIndex, SessionEffectKind.TemporaryRelationCreated, [relation.Relname]));
        }
    }
}
