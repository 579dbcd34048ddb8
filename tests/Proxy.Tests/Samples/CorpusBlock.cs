namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>One text of oracle-queries.sql.</summary>
/// <param name="Line">1-based line of the block's first SQL line (for messages).</param>
/// <param name="Policy">The sample policy it runs under (<c>-- @policy</c>).</param>
/// <param name="Fails">Marked <c>-- @fails</c>: errors in the database even for an exempt login.</param>
/// <param name="Sql">The text without its comment lines.</param>
public sealed record CorpusBlock(int Line, string Policy, bool Fails, string Sql)
{
    public override string ToString() => $"line {Line}: {(Sql.Length > 90 ? Sql[..90] + "…" : Sql)}";
}
