using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Facts collected while analysing a statement text, turned into a <see cref="RewriteResult"/> at the end.</summary>
internal sealed class AnalysisResults
{
    private readonly HashSet<ObjectReference> _objectSet = [];
    private readonly HashSet<string> _ruleSet = new(StringComparer.Ordinal);

    public List<ObjectReference> Objects { get; } = [];

    public List<MaskedOutputColumn> MaskedColumns { get; } = [];

    public List<ValueTransformColumn> Transforms { get; } = [];

    public List<SessionEffect> Effects { get; } = [];

    public List<string> Warnings { get; } = [];

    public List<string> RuleIds { get; } = [];

    public List<StatementSummary> Statements { get; } = [];

    /// <summary>The statement being analysed (what <see cref="Touch"/> and rule notes are attributed to).</summary>
    public int CurrentStatement { get; set; }

    /// <summary>Objects per statement, distinct, in first-use order.</summary>
    public List<List<ObjectReference>> ObjectsByStatement { get; } = [];

    /// <summary>Rule ids per statement, distinct, in first-use order.</summary>
    public List<List<string>> RulesByStatement { get; } = [];

    /// <summary>Set when a covered value is read (masked or transformed): the verdict is then <see cref="RewriteVerdict.Masked"/>.</summary>
    public bool MaskedSomething { get; set; }

    /// <summary>Set when a statement calls something that may change data (for <see cref="StatementSummary.IsPlainRead"/>).</summary>
    public bool MayWrite { get; set; }

    public void Touch(ObjectReference reference)
    {
        if (_objectSet.Add(reference))
        {
            Objects.Add(reference);
        }

        var own = Slot(ObjectsByStatement);
        if (!own.Contains(reference))
        {
            own.Add(reference);
        }
    }

    private List<T> Slot<T>(List<List<T>> byStatement)
    {
        while (byStatement.Count <= CurrentStatement)
        {
            byStatement.Add([]);
        }

        return byStatement[CurrentStatement];
    }

    /// <summary>A rule masked something in this text.</summary>
    public void UseRule(string ruleId)
    {
        MaskedSomething = true;
        NoteRule(ruleId);
    }

    /// <summary>A rule decided something (e.g. let a raw value into a predicate) without masking a value.</summary>
    public void NoteRule(string ruleId)
    {
        if (_ruleSet.Add(ruleId))
        {
            RuleIds.Add(ruleId);
        }

        var own = Slot(RulesByStatement);
        if (!own.Contains(ruleId, StringComparer.Ordinal))
        {
            own.Add(ruleId);
        }
    }

    /// <summary>Per-statement lists for <paramref name="count"/> statements (empty lists for statements that touched nothing).</summary>
    public static IReadOnlyList<IReadOnlyList<T>> PerStatement<T>(List<List<T>> byStatement, int count, Func<List<T>, IReadOnlyList<T>>? order = null)
    {
        var lists = new IReadOnlyList<T>[count];
        for (int i = 0; i < count; i++)
        {
            List<T> own = i < byStatement.Count ? byStatement[i] : [];
            lists[i] = order is null ? own : order(own);
        }

        return lists;
    }

    public void Warn(string warning)
    {
        if (!Warnings.Contains(warning))
        {
            Warnings.Add(warning);
        }
    }
}
