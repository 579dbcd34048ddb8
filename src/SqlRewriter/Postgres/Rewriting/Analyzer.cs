using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// Walks a parsed statement text for one subject: resolves every name like the server, replaces covered
/// relations by masking subqueries (relation substitution), follows covered values through expressions,
/// and denies what it cannot make safe. Not thread-safe: one instance per rewrite or per view analysis.
/// </summary>
/// <remarks>
/// Relation substitution is the core guarantee: once <c>FROM patients p</c> reads
/// <c>(SELECT masked columns FROM public.patients) AS p</c>, no expression of the statement can see a raw
/// value, whatever functions, casts, aggregates or JSON builders it applies. The data-flow tracking
/// (<see cref="Flow"/>) is only needed for the exceptions: hash masks (computed by the proxy, so the raw
/// value travels to the result), raw values that <c>predicates: allow</c> hands to predicates, DML targets
/// (which cannot be substituted), and the policy defaults that deny uses instead of masking them.
/// </remarks>
internal sealed partial class Analyzer
{
    private readonly CoverageModel _model;
    private readonly SqlText _text;
    private readonly AnalyzerMode _mode;
    private readonly SessionState _session;
    private readonly AnalysisResults _results;
    private readonly EditList _edits = new();
    private readonly List<RangeItem> _substituted = [];
    private readonly List<PendingStar> _stars = [];
    private readonly HashSet<int> _splicedReferences = [];
    private int _statementIndex;

    public Analyzer(CoverageModel model, SqlText text, AnalyzerMode mode, SessionState session, AnalysisResults results)
    {
        _model = model;
        _text = text;
        _mode = mode;
        _session = session;
        _results = results;
    }

    private Policy Policy => _model.Policy;

    private CatalogSnapshot Catalog => _model.Catalog;

    private bool ViewMode => _mode == AnalyzerMode.ViewBody;

    public EditList Edits => _edits;

    /// <summary>A covered value would leak: always denied.</summary>
    private static RewriteDeniedException Deny(DenialKind kind, string reason, string? ruleId = null) => new(kind, reason, ruleId);

    /// <summary>The rewriter cannot prove safety: denied unless <c>unparseable: allow</c>.</summary>
    private void Unprovable(string reason, bool catalogMiss = false)
    {
        if (ViewMode || Policy.Defaults.Unparseable == UnparseableAction.Deny)
        {
            throw new RewriteDeniedException(DenialKind.Unprovable, reason, null, catalogMiss);
        }

        _results.Warn($"unparseable: allow waived: {reason}");
    }

    /// <summary>Dynamic SQL: denied unless <c>dynamic_sql: allow</c>.</summary>
    private void DynamicSql(string reason)
    {
        if (ViewMode || Policy.Defaults.DynamicSql == DynamicSqlMode.Deny)
        {
            throw Deny(DenialKind.DynamicSql, reason);
        }

        _results.Warn($"dynamic_sql: allow waived: {reason}");
    }

    private void Touch(ObjectReference reference)
    {
        if (!ViewMode)
        {
            _results.Touch(reference);
        }
    }

    private void Touch(CatalogRelation relation) => Touch(new ObjectReference(relation.Schema, relation.Name));

    private static string Describe(ColumnSource source) => source.Display;
}
