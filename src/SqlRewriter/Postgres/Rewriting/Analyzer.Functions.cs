using Google.Protobuf.Collections;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    private Flow FunctionFlow(FuncCall call, ExprContext context)
    {
        (string? schema, string name) = Names.Function(call.Funcname);
        CheckReserved(name);
        bool builtinName = schema is null or SearchPath.CatalogSchema;
        if (builtinName)
        {
            CheckBuiltin(call, name);
            if (BuiltinFunctionRules.MayWrite(name))
            {
                _results.MayWrite = true;
            }
        }

        (bool userDefined, bool opaque) = CheckUserFunctions(schema, name);
        var arguments = new List<Flow>(call.Args.Count);
        foreach (Node argument in call.Args)
        {
            Flow flow = Expr(argument, context);
            if (opaque && IsWholeRow(argument, context.Level) && flow.IsCovered)
            {
                Unprovable($"function {name} knows nothing about its argument and is applied to a whole row of a covered relation");
            }

            arguments.Add(flow);
        }

        if (builtinName && name == "pg_notify" && arguments.Exists(a => a.IsCovered))
        {
            ColumnSource source = arguments.First(a => a.IsCovered).Sources[0];
            throw Deny(DenialKind.SideDoor, $"pg_notify would send covered column {Describe(source)} to other sessions", source.Rule.Id);
        }

        foreach (Node order in call.AggOrder)
        {
            AnalyzeSortBy(order.SortBy, context.Level, statementLevel: false);
        }

        if (call.AggFilter is { } filter)
        {
            Expr(filter, new ExprContext(context.Level, Clause.Predicate, HiddenUse.Predicate, true));
        }

        if (call.Over is { } window)
        {
            AnalyzeWindow(window, context.Level);
        }

        // count() reveals only how many values are not NULL, which every mask preserves.
        if (builtinName && !userDefined && name == "count")
        {
            Flow combined = Flow.Combine(arguments);
            return combined.IsCovered ? Flow.Of(FlowKind.Masked, combined.Sources) : Flow.Clean;
        }

        bool errorSafe = builtinName && !userDefined && ErrorSafeFunctions.Contains(name);
        return Flow.Combine([.. arguments.Select(a => Consume(a, $"function {name}", errorSafe))]);
    }

    private void CheckBuiltin(FuncCall call, string name)
    {
        if (BuiltinFunctionRules.Check(name, call.Args.Count) is { } rule)
        {
            if (rule.Kind == DenialKind.DynamicSql)
            {
                DynamicSql(rule.Reason);
            }
            else
            {
                throw Deny(rule.Kind, rule.Reason);
            }
        }

        if (name == "set_config")
        {
            if (call.Args.Count == 0 || call.Args[0].AConst is not { Sval: { } setting })
            {
                throw Deny(DenialKind.SessionState, "set_config with a computed setting name could change session state the proxy must track");
            }

            if (BuiltinFunctionRules.IsTrackedSetting(setting.Sval))
            {
                throw Deny(DenialKind.SessionState, $"set_config('{setting.Sval}', ...) changes a setting the proxy tracks; use SET instead");
            }
        }
    }

    /// <summary>Checks every user-defined function the name may resolve to; returns whether any exists and whether one is opaque.</summary>
    private (bool UserDefined, bool Opaque) CheckUserFunctions(string? schema, string name)
    {
        bool any = false;
        bool opaque = false;
        foreach (CatalogFunction function in _model.CandidateFunctions(schema, name, _session.SearchPath, _session.CurrentUser))
        {
            any = true;
            _results.MayWrite = true;
            FunctionVerdict verdict = _model.Verdict(function, _session.SearchPath, _session.CurrentUser);
            ApplyVerdict(verdict);
            opaque |= verdict.Opaque;
        }

        return (any, opaque);
    }

    private void ApplyVerdict(FunctionVerdict verdict)
    {
        switch (verdict.Kind)
        {
            case null:
                return;
            case DenialKind.DynamicSql:
                DynamicSql(verdict.Reason!);
                return;
            case DenialKind.Unprovable:
                Unprovable(verdict.Reason!);
                return;
            default:
                throw Deny(verdict.Kind.Value, verdict.Reason!, verdict.RuleId);
        }
    }

    /// <summary>Checks user-defined operators an operator name may resolve to; true when one exists.</summary>
    private bool CheckOperatorName(RepeatedField<Node> operatorName)
    {
        (string? schema, string name) = Names.Function(operatorName);
        bool any = false;
        foreach (CatalogOperator op in _model.CandidateOperators(schema, name, _session.SearchPath, _session.CurrentUser))
        {
            any = true;
            foreach (CatalogFunction function in _model.CandidateFunctions(op.Function.Schema, op.Function.Name, _session.SearchPath, _session.CurrentUser))
            {
                FunctionVerdict verdict = _model.Verdict(function, _session.SearchPath, _session.CurrentUser);
                ApplyVerdict(verdict.IsSafe ? verdict : verdict with { Reason = $"operator {op.Schema}.{op.Name} calls {function.Schema}.{function.Name}: {verdict.Reason}" });
            }
        }

        return any;
    }

    private static bool IsWholeRow(Node argument, QueryLevel level)
    {
        if (argument.ColumnRef is not { } reference)
        {
            return false;
        }

        if (reference.Fields.Count > 0 && reference.Fields[^1].NodeCase == Node.NodeOneofCase.AStar)
        {
            return true;
        }

        return reference.Fields.Count == 1 && reference.Fields[0].String is { } name
            && FindColumn(level, name.Sval) is null && FindItem(level, name.Sval, null) is not null;
    }
}
