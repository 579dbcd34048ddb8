using MaskingProxy.Proxy.Interception;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Masking;

public sealed partial class MaskingInterceptor
{
    private StatementDecision ToDecision(TemplatedRewrite rewrite, Policy policy, SubjectClass subject)
    {
        var result = rewrite.Result;
        if (result.Verdict == RewriteVerdict.Deny)
        {
            return Denied(result.Denial?.Message ?? "the statement cannot be proven safe");
        }
        // A hash mask the proxy cannot compute must not let the raw value through.
        ColumnTransform[] transforms = result.ValueTransforms.Count == 0 ? [] : new ColumnTransform[result.ValueTransforms.Count];
        for (var i = 0; i < transforms.Length; i++)
        {
            var transform = result.ValueTransforms[i];
            if (transform.Mask is not HashMask hash)
            {
                return Denied($"rule {transform.RuleId} has a value transform the proxy does not know");
            }
            if (!_keys.TryGet(hash.KeyEnvironmentVariable, out var key, out var problem))
            {
                return Denied($"the hash mask of rule {transform.RuleId} has no usable key: {problem}");
            }
            transforms[i] = new ColumnTransform(transform.StatementIndex, transform.OutputIndex, key, hash.Length);
        }
        var verdict = result.RewrittenSql is null ? StatementVerdict.Forward : StatementVerdict.Rewrite;
        return new StatementDecision(verdict, result.RewrittenSql, null)
        {
            Analysis = result,
            PolicyVersion = policy.Version,
            Epoch = Epoch(policy),
            RulesInForce = subject.HasRules,
            Masked = result.MaskedColumns.Count > 0 || result.ValueTransforms.Count > 0,
            ScrubErrors = result.TouchesCoveredColumns,
            Transforms = transforms,
            TemplateText = rewrite.Template,
            Parameterized = verdict == StatementVerdict.Rewrite ? rewrite.Parameterized : null,
        };

        StatementDecision Denied(string reason) => new(StatementVerdict.Deny, null, reason)
        {
            Analysis = result,
            PolicyVersion = policy.Version,
            Epoch = Epoch(policy),
            RulesInForce = subject.HasRules,
        };
    }
}
