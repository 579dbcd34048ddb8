using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// The PostgreSQL rewriter: parses with libpg_query (the server's own grammar) and replaces every read of a
/// covered relation by a masking subquery, splicing text at node locations (no deparse). Thread-safe; no I/O.
/// </summary>
/// <remarks>
/// <para>For a subject that is exempt or has no rule in force the text is allowed unchanged (still parsed,
/// for the audit's statement kinds and objects, and to track session state).</para>
/// <para>For a subject with rules, every statement of the text is analysed in order (a SET earlier in the
/// text changes how later statements resolve names). Any denial denies the whole text: the proxy answers
/// with one error and forwards nothing.</para>
/// <para>SET ROLE and SET SESSION AUTHORIZATION are allowed and never change masking: the subject is the
/// authenticated login (SPEC §3). They are tracked only because <c>$user</c> in search_path follows them.</para>
/// </remarks>
public sealed partial class PostgresRewriter : IDialectRewriter
{
    /// <summary>Shared instance (the rewriter is stateless).</summary>
    public static PostgresRewriter Instance { get; } = new();

    /// <summary>
    /// When true, every rewritten text is parsed again and refused if it does not parse into the same number
    /// of statements (a safety net for the splicer; costs one more parse). Tests turn it on.
    /// </summary>
    public static bool VerifyRewrites { get; set; }

    /// <inheritdoc />
    public string Dialect => "postgres";

    /// <inheritdoc />
    public RewriteResult Rewrite(RewriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return RewriteCore(request);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException))
        {
            // A bug must never let a statement through: deny whatever the policy says about unparseable SQL.
            return Denied(new RewriteDenial(DenialKind.Unprovable, $"internal rewriter error ({ex.GetType().Name}: {ex.Message})", null, null), [], false);
        }
    }

    private static RewriteResult RewriteCore(RewriteRequest request)
    {
        var subject = request.Subject;
        if (!PgQuery.TryParse(request.Sql, out ParseResult? tree, out PgParseError? error))
        {
            if (subject.HasRules && request.Policy.Defaults.Unparseable == UnparseableAction.Deny)
            {
                return Denied(new RewriteDenial(DenialKind.Unparseable, $"the statement cannot be parsed: {error.Message}", null, null), [], false);
            }

            return new RewriteResult
            {
                Verdict = RewriteVerdict.Allow,
                Warnings = subject.HasRules ? [$"unparseable: allow waived: the statement cannot be parsed: {error.Message}"] : [],
            };
        }

        var text = new SqlText(request.Sql);
        List<StatementSummary> statements = Summaries(tree, text);
        return subject.HasRules
            ? RewriteMasked(request, subject, tree, text, statements)
            : AllowUnmasked(request, tree, statements);
    }

    private static RewriteResult RewriteMasked(RewriteRequest request, SubjectClass subject, ParseResult tree, SqlText text, List<StatementSummary> statements)
    {
        if (LexerSettingsProblem(request.Session, text) is { } problem)
        {
            return Denied(new RewriteDenial(DenialKind.SessionState, problem, null, null), statements, false);
        }

        CoverageModel model = CoverageModelCache.Get(request.Policy, request.Catalog, subject);
        var session = new SessionState(request.Session, request.Login);
        var results = new AnalysisResults();
        var analyzer = new Analyzer(model, text, AnalyzerMode.Statement, session, results);
        for (int i = 0; i < tree.Stmts.Count; i++)
        {
            results.BeginStatement();
            try
            {
                analyzer.AnalyzeStatement(tree.Stmts[i], i);
            }
            catch (RewriteDeniedException denied)
            {
                return Denied(new RewriteDenial(denied.Kind, denied.Message, denied.RuleId, i), statements, denied.CatalogMiss, results);
            }

            StatementSummary summary = statements[i];
            statements[i] = summary with { IsPlainRead = summary.IsPlainRead && !results.MayWrite };
        }

        string? rewritten = null;
        if (analyzer.Edits.Count > 0)
        {
            try
            {
                rewritten = analyzer.Edits.Apply(request.Sql);
            }
            catch (InvalidOperationException ex)
            {
                return Denied(new RewriteDenial(DenialKind.Unprovable, $"the statement cannot be rewritten safely ({ex.Message})", null, null), statements, false, results);
            }

            if (VerifyRewrites && !(PgQuery.TryParse(rewritten, out ParseResult? check, out _) && check.Stmts.Count == tree.Stmts.Count))
            {
                return Denied(new RewriteDenial(DenialKind.Unprovable, "the rewritten statement does not parse", null, null), statements, false, results);
            }
        }

        // Policy order once for the whole text; each statement's rules keep that order.
        List<string> ruleIds = OrderRules(request.Policy, results.UsedRules());
        List<ObjectReference> objects = results.Objects();
        return new RewriteResult
        {
            Verdict = results.MaskedSomething || results.Transforms.Count > 0 ? RewriteVerdict.Masked : RewriteVerdict.Allow,
            RewrittenSql = rewritten,
            Statements = statements,
            Objects = objects,
            MaskedColumns = results.MaskedColumns,
            ValueTransforms = results.Transforms,
            SessionEffects = results.Effects,
            RuleIds = ruleIds,
            StatementObjects = results.StatementObjects,
            StatementRuleIds = [.. results.StatementRules.Select(own => ruleIds.FindAll(own.Contains))],
            Warnings = results.Warnings,
            TouchesCoveredColumns = ruleIds.Count > 0 || objects.Exists(o => IsCovered(subject, o)),
        };
    }

    // Errors raised while evaluating covered values can quote them (a failing cast echoes its input).
    private static bool IsCovered(SubjectClass subject, ObjectReference reference) =>
        reference.Column is { } column && subject.MatchColumn(reference.Schema, reference.Table, column) is not null;

    private static RewriteResult Denied(RewriteDenial denial, List<StatementSummary> statements, bool catalogMiss, AnalysisResults? results = null) => new()
    {
        Verdict = RewriteVerdict.Deny,
        Denial = denial,
        CatalogMiss = catalogMiss,
        Statements = statements,
        Objects = results?.Objects() ?? [],
        RuleIds = denial.RuleId is null ? [] : [denial.RuleId],
        Warnings = results?.Warnings ?? [],
    };

    private static List<string> OrderRules(Policy policy, HashSet<string> used) =>
        [.. policy.Rules.Select(r => r.Id).Where(used.Contains)];

    private static List<StatementSummary> Summaries(ParseResult tree, SqlText text)
    {
        var summaries = new List<StatementSummary>(tree.Stmts.Count);
        for (int i = 0; i < tree.Stmts.Count; i++)
        {
            RawStmt raw = tree.Stmts[i];
            int start = text.Index(raw.StmtLocation);
            int end = raw.StmtLen == 0 ? text.Length : text.Index(raw.StmtLocation + raw.StmtLen);
            (string kind, StatementAction action) = StatementClassifier.Classify(raw.Stmt);
            bool plainRead = action == StatementAction.Read && raw.Stmt.NodeCase is Node.NodeOneofCase.SelectStmt or Node.NodeOneofCase.VariableShowStmt or Node.NodeOneofCase.ExplainStmt;
            summaries.Add(new StatementSummary(i, kind, action, plainRead && !HasDataModifyingCte(raw.Stmt), start, end - start));
        }

        return summaries;
    }

    private static bool HasDataModifyingCte(Node statement) =>
        statement.SelectStmt?.WithClause?.Ctes.Any(c => c.CommonTableExpr.Ctequery.NodeCase is not Node.NodeOneofCase.SelectStmt) == true;
}
