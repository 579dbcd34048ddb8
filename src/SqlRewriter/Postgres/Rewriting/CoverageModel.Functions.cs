using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class CoverageModel
{
    [ThreadStatic]
    private static HashSet<CatalogFunction>? t_functionsInProgress;

    /// <summary>
    /// User-defined functions a call to <paramref name="name"/> may resolve to. Overloads are not resolved by
    /// argument types: every candidate must be safe (over-refusing is fine, under-refusing is a leak).
    /// </summary>
    public IEnumerable<CatalogFunction> CandidateFunctions(string? schema, string name, SearchPath path, string currentUser)
    {
        IReadOnlyList<CatalogFunction> all = Catalog.FindFunctions(name);
        if (all.Count == 0)
        {
            return [];
        }

        if (schema is not null)
        {
            return all.Where(f => f.Schema == schema);
        }

        IReadOnlyList<string> schemas = Catalog.FunctionSchemas(path, currentUser);
        return all.Where(f => schemas.Contains(f.Schema));
    }

    /// <summary>User-defined operators an operator symbol may resolve to.</summary>
    public IEnumerable<CatalogOperator> CandidateOperators(string? schema, string name, SearchPath path, string currentUser)
    {
        IReadOnlyList<CatalogOperator> all = Catalog.FindOperators(name);
        if (all.Count == 0)
        {
            return [];
        }

        if (schema is not null)
        {
            return all.Where(o => o.Schema == schema);
        }

        IReadOnlyList<string> schemas = Catalog.FunctionSchemas(path, currentUser);
        return all.Where(o => schemas.Contains(o.Schema));
    }

    /// <summary>Is calling <paramref name="function"/> safe for this subject class?</summary>
    public FunctionVerdict Verdict(CatalogFunction function, SearchPath callerPath, string currentUser)
    {
        if (IsAllowedFunction(function.Schema, function.Name))
        {
            return FunctionVerdict.Safe;
        }

        if (function.SecurityDefiner)
        {
            return new FunctionVerdict(DenialKind.Policy, $"function {function.Schema}.{function.Name} is SECURITY DEFINER: it runs with its owner's rights, outside masking (list it in allowed_functions if it is safe)", null);
        }

        // A function that pins search_path resolves its body with that path; otherwise with the caller's.
        SearchPath path = callerPath;
        if (function.PinnedSearchPath is { } pinned)
        {
            try
            {
                path = SearchPath.Parse(pinned);
            }
            catch (FormatException)
            {
                return new FunctionVerdict(DenialKind.Unprovable, $"function {function.Schema}.{function.Name} pins a search_path the proxy cannot read", null);
            }
        }

        string key = path.ToString() + (path.DependsOnUser ? "\u0001" + currentUser : string.Empty);
        if (_functions.TryGetValue((function, key), out FunctionVerdict? known))
        {
            return known;
        }

        t_functionsInProgress ??= [];
        if (!t_functionsInProgress.Add(function))
        {
            // Recursion: the other parts of the cycle are being checked already.
            return FunctionVerdict.Safe;
        }

        try
        {
            FunctionVerdict verdict = ComputeVerdict(function, path, currentUser);
            _functions[(function, key)] = verdict;
            return verdict;
        }
        finally
        {
            t_functionsInProgress.Remove(function);
        }
    }

    private FunctionVerdict ComputeVerdict(CatalogFunction function, SearchPath path, string currentUser)
    {
        string what = $"{(function.Kind == FunctionKind.Procedure ? "procedure" : "function")} {function.Schema}.{function.Name}";
        var scanner = new FunctionBodyScanner(this, path, currentUser, what);
        switch (function.Language)
        {
            case "sql":
                string text = function.SqlStandardBody
                    ? $"CREATE FUNCTION __mp_probe() RETURNS void LANGUAGE sql {function.Body}"
                    : function.Body;
                if (!PgQuery.TryParse(text, out ParseResult? tree, out PgParseError? error))
                {
                    return new FunctionVerdict(DenialKind.Unprovable, $"the body of {what} cannot be parsed ({error.Message})", null);
                }

                // A SQL-standard body was wrapped in a CREATE FUNCTION to parse it: check only the body.
                return function.SqlStandardBody && tree.Stmts.Count == 1 && tree.Stmts[0].Stmt.CreateFunctionStmt?.SqlBody is { } body
                    ? scanner.Scan(body)
                    : scanner.Scan(tree);

            case "plpgsql":
                return ScanPlpgsql(scanner, what, PlpgsqlFragments.Wrap(function.Body, function.Kind == FunctionKind.Procedure, function.ArgumentTypes, function.ResultType));

            case "internal" or "c":
                // The body names a C symbol: opaque, except the side-door built-ins, refused by name.
                (DenialKind Kind, string Reason)? rule = BuiltinFunctionRules.Check(function.Name, function.ArgumentTypes.Count)
                    ?? BuiltinFunctionRules.Check(function.Body, function.ArgumentTypes.Count);
                return rule is { } found ? new FunctionVerdict(found.Kind, $"{what}: {found.Reason}", null) : FunctionVerdict.OpaqueBody;

            default:
                return new FunctionVerdict(DenialKind.Unprovable, $"{what} is written in {function.Language}; its body cannot be checked", null);
        }
    }

    /// <summary>Checks a PL/pgSQL body given as a complete CREATE FUNCTION/PROCEDURE (or wrapped DO) statement.</summary>
    public FunctionVerdict ScanPlpgsql(FunctionBodyScanner scanner, string what, string createStatement)
    {
        PlpgsqlFragments fragments;
        try
        {
            fragments = PlpgsqlFragments.Read(createStatement);
        }
        catch (PgQueryException ex)
        {
            return new FunctionVerdict(DenialKind.Unprovable, $"the PL/pgSQL body of {what} cannot be parsed ({ex.Message})", null);
        }

        foreach (ParseResult tree in fragments.Trees)
        {
            FunctionVerdict verdict = scanner.Scan(tree);
            if (!verdict.IsSafe)
            {
                return verdict;
            }
        }

        if (fragments.Unparsed is not null)
        {
            return new FunctionVerdict(DenialKind.Unprovable, $"{what} contains SQL the proxy cannot parse: {Shorten(fragments.Unparsed)}", null);
        }

        return fragments.DynamicStatement is not null
            ? new FunctionVerdict(DenialKind.DynamicSql, $"{what} runs dynamic SQL ({fragments.DynamicStatement})", null)
            : FunctionVerdict.Safe;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
