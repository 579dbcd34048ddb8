using System.Runtime.CompilerServices;
using System.Text;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>
/// The set of rules in force for a login. Logins in the same class get identical rewrites, so they share
/// cache entries: the key records, per rule in policy order, whether the login is exempted from it
/// (<c>unmask</c>), plus whether the login is exempt from the whole policy.
/// </summary>
public sealed class SubjectClass
{
    private static readonly ConditionalWeakTable<Policy, Dictionary<string, SubjectClass>> s_byPolicy = [];

    private readonly bool[] _inForce;

    private SubjectClass(Policy policy, bool exempt, bool[] inForce, string key)
    {
        Policy = policy;
        IsExempt = exempt;
        _inForce = inForce;
        Key = key;
    }

    /// <summary>The policy the class belongs to.</summary>
    public Policy Policy { get; }

    /// <summary>Is the login exempt from the whole policy?</summary>
    public bool IsExempt { get; }

    /// <summary>Does any rule apply?</summary>
    public bool HasRules => !IsExempt && Array.IndexOf(_inForce, true) >= 0;

    /// <summary>Stable key: equal for logins with identical rules under the same policy version.</summary>
    public string Key { get; }

    /// <summary>The class of <paramref name="login"/> under <paramref name="policy"/> (memoized per policy instance).</summary>
    public static SubjectClass For(Policy policy, string login)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(login);
        Dictionary<string, SubjectClass> byLogin = s_byPolicy.GetValue(policy, _ => new Dictionary<string, SubjectClass>(StringComparer.Ordinal));
        lock (byLogin)
        {
            if (byLogin.TryGetValue(login, out SubjectClass? known))
            {
                return known;
            }

            SubjectClass created = Create(policy, login);

            // Logins are few in practice; the bound only protects against a flood of distinct names.
            if (byLogin.Count < 10_000)
            {
                byLogin[login] = created;
            }

            return created;
        }
    }

    /// <summary>Is the rule at <paramref name="ruleIndex"/> (policy order) in force for this class?</summary>
    public bool IsInForce(int ruleIndex) => !IsExempt && _inForce[ruleIndex];

    /// <summary>
    /// The rule that masks the column, or null: the first rule covering the column decides, and it masks only
    /// when in force (same precedence as <see cref="Policy.MatchColumn"/>).
    /// </summary>
    public PolicyRule? MatchColumn(string schema, string table, string column)
    {
        if (IsExempt)
        {
            return null;
        }

        IReadOnlyList<PolicyRule> rules = Policy.Rules;
        for (int i = 0; i < rules.Count; i++)
        {
            if (rules[i].Covers(schema, table, column))
            {
                return _inForce[i] ? rules[i] : null;
            }
        }

        return null;
    }

    private static SubjectClass Create(Policy policy, string login)
    {
        bool exempt = policy.IsExempt(login);
        var inForce = new bool[policy.Rules.Count];
        var key = new StringBuilder(policy.Rules.Count + 2);
        key.Append(exempt ? 'X' : 'S').Append(':');
        for (int i = 0; i < inForce.Length; i++)
        {
            inForce[i] = !policy.Rules[i].IsUnmaskedFor(login);
            key.Append(exempt ? '-' : inForce[i] ? '1' : '0');
        }

        return new SubjectClass(policy, exempt, inForce, key.ToString());
    }
}
