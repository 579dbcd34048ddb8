using Google.Protobuf;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// Checks code that runs outside the rewritten statement — function and procedure bodies, DO blocks, the
/// bodies of CREATE VIEW/RULE/FUNCTION — for anything that reaches covered data or a side door.
/// </summary>
/// <remarks>
/// Conservative on purpose: every name that looks like a relation is resolved as one (a CTE of the same
/// name as a covered table counts), every function call is checked, and the whole tree is visited by
/// reflection so no node kind is skipped. A body only has to be provably harmless, not understood.
/// </remarks>
internal sealed class FunctionBodyScanner
{
    private static readonly HashSet<string> s_sensitiveSystemRelations = new(StringComparer.Ordinal)
    {
        "pg_statistic", "pg_stats", "pg_stats_ext", "pg_stats_ext_exprs", "pg_statistic_ext_data", "pg_largeobject",
    };

    private readonly CoverageModel _model;
    private readonly SearchPath _path;
    private readonly string _currentUser;
    private readonly string _what;

    public FunctionBodyScanner(CoverageModel model, SearchPath path, string currentUser, string what)
    {
        _model = model;
        _path = path;
        _currentUser = currentUser;
        _what = what;
    }

    /// <summary>Is <paramref name="name"/> a pg_catalog relation that exposes column values (statistics, large objects)?</summary>
    public static bool IsSensitiveSystemRelation(string name) => s_sensitiveSystemRelations.Contains(name);

    /// <summary>The first risk found in <paramref name="tree"/>, or <see cref="FunctionVerdict.Safe"/>.</summary>
    public FunctionVerdict Scan(IMessage tree)
    {
        FunctionVerdict verdict = FunctionVerdict.Safe;
        ProtobufWalker.Walk(tree, node =>
        {
            if (!verdict.IsSafe)
            {
                return false;
            }

            verdict = Check(node);
            return verdict.IsSafe;
        });
        return verdict;
    }

    private FunctionVerdict Check(IMessage node) => node switch
    {
        RangeVar relation => CheckRelation(relation),
        FuncCall call => CheckCall(call),
        A_Expr expr when expr.Name.Count > 0 => CheckOperator(expr),
        VariableSetStmt set when set.Kind == VariableSetKind.VarResetAll || BuiltinFunctionRules.IsTrackedSetting(set.Name) =>
            Risk(DenialKind.SessionState, $"{_what} changes the session setting {(set.Kind == VariableSetKind.VarResetAll ? "(all)" : set.Name)}, which the proxy must track"),
        DoStmt => Risk(DenialKind.DynamicSql, $"{_what} runs a DO block"),
        CopyStmt copy when copy.IsProgram || copy.Filename.Length > 0 => Risk(DenialKind.SideDoor, $"{_what} runs COPY with a server file or program"),
        CreateFunctionStmt or ViewStmt or RuleStmt or CreateTrigStmt or CreateTableAsStmt { Objtype: ObjectType.ObjectMatview } =>
            Risk(DenialKind.Unprovable, $"{_what} creates functions, views, rules or triggers at run time"),
        _ => FunctionVerdict.Safe,
    };

    private FunctionVerdict CheckRelation(RangeVar relation)
    {
        string? schema = relation.Schemaname.Length > 0 ? relation.Schemaname : null;
        RelationResolution resolved = _model.Catalog.ResolveRelation(schema, relation.Relname, _path, _currentUser);
        switch (resolved.Kind)
        {
            case RelationResolutionKind.Catalog:
                RelationCoverage coverage = _model.Coverage(resolved.Relation!);
                if (coverage.ReadsCovered)
                {
                    string? rule = coverage.Columns.FirstOrDefault(c => c is not null)?.Rule.Id ?? coverage.UnsafeRuleId;
                    return Risk(DenialKind.Policy, $"{_what} reads {resolved.Relation!.Schema}.{resolved.Relation.Name}, which holds covered columns, outside masking", rule);
                }

                return FunctionVerdict.Safe;
            case RelationResolutionKind.System when resolved.Schema == SearchPath.CatalogSchema && IsSensitiveSystemRelation(relation.Relname):
                return Risk(DenialKind.SideDoor, $"{_what} reads pg_catalog.{relation.Relname}, which exposes column values");
            case RelationResolutionKind.NotFound when _model.CouldBeCovered(resolved.CandidateSchemas, relation.Relname):
                return Risk(DenialKind.Unprovable, $"{_what} reads relation {relation.Relname}, which the catalog snapshot does not know");
            default:
                return FunctionVerdict.Safe;
        }
    }

    private FunctionVerdict CheckCall(FuncCall call)
    {
        (string? schema, string name) = Names.Function(call.Funcname);
        if (schema is null or SearchPath.CatalogSchema)
        {
            if (BuiltinFunctionRules.Check(name, call.Args.Count) is { } rule)
            {
                return Risk(rule.Kind, $"{_what} calls {name}: {rule.Reason}");
            }

            if (name == "set_config" && !IsHarmlessSetConfig(call))
            {
                return Risk(DenialKind.SessionState, $"{_what} calls set_config on a setting the proxy must track");
            }
        }

        foreach (CatalogFunction function in _model.CandidateFunctions(schema, name, _path, _currentUser))
        {
            FunctionVerdict verdict = _model.Verdict(function, _path, _currentUser);
            if (!verdict.IsSafe)
            {
                return verdict with { Reason = $"{_what} calls {function.Schema}.{function.Name}: {verdict.Reason}" };
            }
        }

        return FunctionVerdict.Safe;
    }

    private FunctionVerdict CheckOperator(A_Expr expr)
    {
        (string? schema, string name) = Names.Function(expr.Name);
        foreach (CatalogOperator op in _model.CandidateOperators(schema, name, _path, _currentUser))
        {
            foreach (CatalogFunction function in _model.CandidateFunctions(op.Function.Schema, op.Function.Name, _path, _currentUser))
            {
                FunctionVerdict verdict = _model.Verdict(function, _path, _currentUser);
                if (!verdict.IsSafe)
                {
                    return verdict with { Reason = $"{_what} uses operator {op.Schema}.{op.Name}: {verdict.Reason}" };
                }
            }
        }

        return FunctionVerdict.Safe;
    }

    private static bool IsHarmlessSetConfig(FuncCall call) =>
        call.Args.Count > 0 && call.Args[0].AConst is { Sval: { } setting } && !BuiltinFunctionRules.IsTrackedSetting(setting.Sval);

    private static FunctionVerdict Risk(DenialKind kind, string reason, string? ruleId = null) => new(kind, reason, ruleId);
}
