namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>
/// An immutable, validated masking policy (SPEC §3). Create with <see cref="PolicyLoader"/>.
/// </summary>
/// <remarks>
/// <para><b>Rule precedence</b> (<see cref="MatchColumn"/>):</para>
/// <list type="number">
/// <item>A login listed in <c>exempt</c> sees raw data for every column.</item>
/// <item>Otherwise rules are tried in file order; the <b>first</b> rule with a column pattern that matches
/// the column decides, and later rules are not consulted.</item>
/// <item>If the login is in that rule's <c>unmask</c> list, the column is unmasked for it (no rule). A
/// later, broader rule does not take over: the author who wrote the first rule decided for this column.</item>
/// </list>
/// <para>Logins and names compare ordinally (case-sensitive): pass the authenticated login as the startup
/// packet carries it and the column's names as the catalog stores them.</para>
/// </remarks>
public sealed record Policy
{
    /// <summary>Creates a policy. Prefer <see cref="PolicyLoader"/>, which validates.</summary>
    public Policy(string version, int formatVersion, string name, IReadOnlyList<string> exempt, PolicyDefaults defaults, IReadOnlyList<PolicyRule> rules, IReadOnlyList<string>? allowedFunctions = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(exempt);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(rules);
        Version = version;
        FormatVersion = formatVersion;
        Name = name;
        Exempt = [.. exempt];
        Defaults = defaults;
        Rules = [.. rules];
        AllowedFunctions = allowedFunctions is null ? [] : [.. allowedFunctions];
        Source = source;
    }

    /// <summary>Policy version named in audit records: lowercase hex SM3 of the policy file's bytes.</summary>
    public string Version { get; }

    /// <summary>The <c>version:</c> key of the file (the policy format; currently 1).</summary>
    public int FormatVersion { get; }

    /// <summary>The <c>name:</c> key.</summary>
    public string Name { get; }

    /// <summary>Logins that see raw data (still audited).</summary>
    public IReadOnlyList<string> Exempt { get; }

    /// <summary>The <c>defaults</c> section.</summary>
    public PolicyDefaults Defaults { get; }

    /// <summary>Rules in file order.</summary>
    public IReadOnlyList<PolicyRule> Rules { get; }

    /// <summary>
    /// Functions (<c>name</c> or <c>schema.name</c>, SQL identifier syntax) that may be applied to covered
    /// columns or rows without denying the statement; the rewriter treats other unknown functions as unsafe.
    /// </summary>
    public IReadOnlyList<string> AllowedFunctions { get; }

    /// <summary>File path or source name the policy was loaded from.</summary>
    public string? Source { get; }

    /// <summary>Is <paramref name="login"/> exempt from all rules?</summary>
    public bool IsExempt(string login) => Exempt.Contains(login, StringComparer.Ordinal);

    /// <summary>
    /// The rules that can mask something for <paramref name="login"/>: none if exempt, otherwise every rule
    /// that does not list the login in <c>unmask</c>, in file order.
    /// </summary>
    /// <remarks>
    /// Use this to decide whether a subject "has any rule" (dynamic SQL, session-state changes). To decide
    /// a column, use <see cref="MatchColumn"/>: it applies first-match precedence, which filtering this
    /// list first would change.
    /// </remarks>
    public IReadOnlyList<PolicyRule> RulesFor(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return IsExempt(login) ? [] : Rules.Where(r => !r.IsUnmaskedFor(login)).ToList();
    }

    /// <summary>Does any rule apply to <paramref name="login"/>?</summary>
    public bool HasRulesFor(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return !IsExempt(login) && Rules.Any(r => !r.IsUnmaskedFor(login));
    }

    /// <summary>
    /// The rule that masks this column for this login, or null when the column is shown raw (see the
    /// precedence in the type remarks).
    /// </summary>
    public PolicyRule? MatchColumn(string schema, string table, string column, string login)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(login);
        if (IsExempt(login))
        {
            return null;
        }

        PolicyRule? first = FirstRuleCovering(schema, table, column);
        return first is null || first.IsUnmaskedFor(login) ? null : first;
    }

    /// <summary>The first rule covering the column regardless of login (for <c>policy explain</c>).</summary>
    public PolicyRule? FirstRuleCovering(string schema, string table, string column)
    {
        foreach (PolicyRule rule in Rules)
        {
            if (rule.Covers(schema, table, column))
            {
                return rule;
            }
        }

        return null;
    }
}
