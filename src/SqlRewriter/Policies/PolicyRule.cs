namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>One entry of <c>rules</c>.</summary>
public sealed record PolicyRule
{
    /// <summary>Creates a rule.</summary>
    public PolicyRule(string id, IReadOnlyList<ColumnPattern> columns, MaskSpec mask, PredicateMode? predicates = null, IReadOnlyList<string>? unmask = null, SourceLocation location = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(mask);
        Id = id;
        Columns = [.. columns];
        Mask = mask;
        Predicates = predicates;
        Unmask = unmask is null ? [] : [.. unmask];
        Location = location;
    }

    /// <summary>Rule id, unique in the policy; named in audit records and denial messages.</summary>
    public string Id { get; }

    /// <summary>Column patterns covered.</summary>
    public IReadOnlyList<ColumnPattern> Columns { get; }

    /// <summary>How values are masked.</summary>
    public MaskSpec Mask { get; }

    /// <summary>Per-rule override of <see cref="PolicyDefaults.Predicates"/>, or null to use the default.</summary>
    public PredicateMode? Predicates { get; }

    /// <summary>Logins (exact, case-sensitive) for which this rule does not apply.</summary>
    public IReadOnlyList<string> Unmask { get; }

    /// <summary>Where the rule starts in the policy file.</summary>
    public SourceLocation Location { get; }

    /// <summary>Does one of <see cref="Columns"/> match? (catalog names, exact case)</summary>
    public bool Covers(string schema, string table, string column)
    {
        foreach (ColumnPattern pattern in Columns)
        {
            if (pattern.Matches(schema, table, column))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is <paramref name="login"/> in <see cref="Unmask"/>?</summary>
    public bool IsUnmaskedFor(string login) => Unmask.Contains(login, StringComparer.Ordinal);

    /// <summary>The predicate mode in force for this rule.</summary>
    public PredicateMode EffectivePredicates(PolicyDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return Predicates ?? defaults.Predicates;
    }
}
