namespace MaskingProxy.SqlRewriter.Postgres.Templates;

/// <summary>
/// A rewritten single-statement text whose template literals travel as parameters: what the proxy
/// prepares once per session and binds per execution, so the server plans the masking query once
/// instead of on every simple-protocol text.
/// </summary>
/// <param name="Text">The statement with placeholders <c>$1..$n</c>; literals that could not be parameters are written in.</param>
/// <param name="ParameterTypes">
/// Per parameter, the type the literal itself has in PostgreSQL (docs §4.1.2.6: <c>int4</c>, <c>int8</c> or
/// <c>numeric</c> by its digits), or 0 for a string, which, like an untyped literal, takes its type from where it stands.
/// </param>
/// <param name="Values">Per parameter, the literal's value in text format.</param>
/// <remarks>Equal by value, arrays included: the same text decided twice gives equal statements (and so equal decisions).</remarks>
public sealed record ParameterizedStatement(string Text, int[] ParameterTypes, string[] Values)
{
    public bool Equals(ParameterizedStatement? other) =>
        other is not null &&
        string.Equals(Text, other.Text, StringComparison.Ordinal) &&
        ParameterTypes.AsSpan().SequenceEqual(other.ParameterTypes) &&
        Values.AsSpan().SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Text, ParameterTypes.Length, Values.Length);
}
