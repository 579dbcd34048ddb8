using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    private void AnalyzeDo(DoStmt statement)
    {
        DynamicSql("a DO block runs procedural code outside the rewritten statement");

        // dynamic_sql: allow waives the dynamic part only; static SQL in the block must still be safe.
        string language = "plpgsql";
        string? body = null;
        foreach (Node argument in statement.Args)
        {
            DefElem option = argument.DefElem;
            if (option.Defname == "language")
            {
                language = option.Arg.String?.Sval ?? language;
            }
            else if (option.Defname == "as")
            {
                body = option.Arg.String?.Sval;
            }
        }

        if (language != "plpgsql" || body is null)
        {
            Unprovable($"a DO block in {language} cannot be checked");
            return;
        }

        var scanner = new FunctionBodyScanner(_model, _session.SearchPath, _session.CurrentUser, "the DO block");
        ApplyVerdict(Tolerate(_model.ScanPlpgsql(scanner, "the DO block", PlpgsqlFragments.Wrap(body, false, [], "void")), DenialKind.DynamicSql));
    }

    private void AnalyzeCall(CallStmt call)
    {
        _results.MayWrite = true;
        (string? schema, string name) = Names.Function(call.Funccall.Funcname);
        List<CatalogFunction> candidates = [.. _model.CandidateFunctions(schema, name, _session.SearchPath, _session.CurrentUser)];
        bool allowed = candidates.Count > 0 && candidates.TrueForAll(c => _model.IsAllowedFunction(c.Schema, c.Name));
        if (!allowed)
        {
            DynamicSql($"CALL {name} runs a procedure body outside the rewritten statement");
        }

        foreach (CatalogFunction candidate in candidates)
        {
            ApplyVerdict(Tolerate(_model.Verdict(candidate, _session.SearchPath, _session.CurrentUser), DenialKind.DynamicSql));
        }

        var level = new QueryLevel(null);
        foreach (Node argument in call.Funccall.Args)
        {
            Consume(Expr(argument, new ExprContext(level, Clause.Other)), $"an argument of procedure {name}", errorSafe: false);
        }
    }

    /// <summary>A CREATE FUNCTION/PROCEDURE body runs later, outside any rewrite: check it now.</summary>
    private void CheckCreateFunction(CreateFunctionStmt create, RawStmt raw)
    {
        string language = "sql";
        string? body = null;
        foreach (Node option in create.Options)
        {
            DefElem element = option.DefElem;
            if (element.Defname == "language")
            {
                language = element.Arg.String?.Sval ?? language;
            }
            else if (element.Defname == "as" && element.Arg.List is { Items.Count: 1 } list)
            {
                body = list.Items[0].String?.Sval;
            }
        }

        string what = $"{(create.IsProcedure ? "procedure" : "function")} {Names.Display(create.Funcname)}";
        var scanner = new FunctionBodyScanner(_model, _session.SearchPath, _session.CurrentUser, what);
        FunctionVerdict verdict;
        if (create.SqlBody is { } sqlBody)
        {
            verdict = scanner.Scan(sqlBody);
        }
        else if (language == "sql" && body is not null)
        {
            verdict = PgQuery.TryParse(body, out ParseResult? tree, out PgParseError? error)
                ? scanner.Scan(tree)
                : new FunctionVerdict(DenialKind.Unprovable, $"the body of {what} cannot be parsed ({error.Message})", null);
        }
        else if (language == "plpgsql")
        {
            verdict = _model.ScanPlpgsql(scanner, what, StatementText(raw));
        }
        else if (language is "internal" or "c")
        {
            verdict = FunctionVerdict.Safe;
        }
        else
        {
            verdict = new FunctionVerdict(DenialKind.Unprovable, $"{what} is written in {language}; its body cannot be checked", null);
        }

        ApplyVerdict(verdict);
    }

    /// <summary>Turns a verdict of the given kind into a pass (it was already decided by the caller).</summary>
    private static FunctionVerdict Tolerate(FunctionVerdict verdict, DenialKind kind) => verdict.Kind == kind ? FunctionVerdict.Safe : verdict;

    private string StatementText(RawStmt raw)
    {
        int start = _text.Index(raw.StmtLocation);
        int end = raw.StmtLen == 0 ? _text.Length : _text.Index(raw.StmtLocation + raw.StmtLen);
        return _text.Sql[start..end];
    }
}
