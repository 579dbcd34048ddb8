using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    /// <summary>
    /// A value is used by <paramref name="construct"/> (an operator, function, cast ...). Returns the fact for
    /// the combined result, or throws when the value may not be used there.
    /// </summary>
    /// <param name="flow">The operand.</param>
    /// <param name="construct">What uses it, for the denial message.</param>
    /// <param name="errorSafe">
    /// The construct cannot raise an error that prints its operand (comparisons, LIKE, simple text functions).
    /// Raw values that <c>predicates: allow</c> hands to predicates may only go there.
    /// </param>
    private Flow Consume(Flow flow, string construct, bool errorSafe)
    {
        switch (flow.Kind)
        {
            case FlowKind.HashRaw:
                if (ViewMode)
                {
                    return Flow.Of(FlowKind.Derived, flow.Sources);
                }

                ColumnSource hash = flow.Sources[0];
                throw Deny(DenialKind.Policy, $"hash-masked column {Describe(hash)} may only be returned as a plain result column (or compared for equality with a column of the same hash mask); {construct} would use its raw value", hash.Rule.Id);

            case FlowKind.RawPredicate:
                if (errorSafe || ViewMode)
                {
                    return flow.Unbare();
                }

                ColumnSource raw = flow.Sources[0];
                throw Deny(DenialKind.Predicate, $"covered column {Describe(raw)} (predicates: allow) is used in {construct}; raw values may only be compared or passed to simple text functions, because an error message could print them", raw.Rule.Id);

            case FlowKind.RawUnmasked:
                if (ViewMode)
                {
                    return Flow.Of(FlowKind.Derived, flow.Sources);
                }

                throw new InvalidOperationException("raw value outside a view definition");

            default:
                return flow.Unbare();
        }
    }

    /// <summary>
    /// Two values compared (=, &lt;&gt;, IS DISTINCT FROM, IN, USING). Equality of two hash-masked columns with the
    /// same mask is equality of their pseudonyms, so it is allowed: hash masks are joinable by design.
    /// </summary>
    private Flow Comparison(Flow left, Flow right, string construct, bool equality)
    {
        if (equality && !ViewMode && IsHashColumn(left) && IsHashColumn(right) && Equals(left.Source!.Rule.Mask, right.Source!.Rule.Mask))
        {
            return Flow.Of(FlowKind.Masked, Flow.Combine(left, right).Sources);
        }

        Flow result = Flow.Combine(Consume(left, construct, errorSafe: true), Consume(right, construct, errorSafe: true));

        // The outcome of a comparison is a boolean, not the raw value.
        return result.Kind == FlowKind.RawPredicate ? result.WithKind(FlowKind.Masked) : result;
    }

    private static bool IsHashColumn(Flow flow) => flow.Kind == FlowKind.HashRaw && flow.Bare && flow.Source is not null;
}
