using MaskingProxy.SqlRewriter.Postgres.Templates;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Templates;

/// <summary>
/// <see cref="LiteralTemplate.TryParameterize"/> on the template's own text (a rewrite that changed
/// nothing): which literals stay parameters, with which types and values, and what is written back in.
/// </summary>
public sealed class LiteralTemplateParameterizeTests
{
    private static ParameterizedStatement? Parameterize(string sql)
    {
        var template = LiteralTemplate.TryCreate(sql) ?? throw new InvalidOperationException("no template for " + sql);
        return template.TryParameterize(template.Text);
    }

    [Theory]
    [InlineData("SELECT abalance FROM pgbench_accounts WHERE aid = 123;", "SELECT abalance FROM pgbench_accounts WHERE aid = $1;", "23:123")]
    [InlineData("SELECT a FROM t WHERE b = 'it''s' AND c > 2.5e3", "SELECT a FROM t WHERE b = $1 AND c > $2", "0:it's|1700:2.5e3")]
    [InlineData("SELECT a FROM t WHERE a IN (1, 2147483648, 99999999999999999999)", "SELECT a FROM t WHERE a IN ($1, $2, $3)", "23:1|20:2147483648|1700:99999999999999999999")]
    [InlineData("SELECT a FROM t WHERE a BETWEEN '1' AND '9' OR a LIKE 'x%' OR a IS DISTINCT FROM 'y'", "SELECT a FROM t WHERE a BETWEEN $1 AND $2 OR a LIKE $3 OR a IS DISTINCT FROM $4", "0:1|0:9|0:x%|0:y")]
    [InlineData("SELECT a + 1 FROM t WHERE b = 2", "SELECT a + $1 FROM t WHERE b = $2", "23:1|23:2")]
    public void TryParameterize_OperandLiterals_BecomeTypedParameters(string sql, string expectedText, string expectedParameters)
    {
        var statement = Parameterize(sql);

        Assert.NotNull(statement);
        Assert.Equal(expectedText, statement.Text);
        Assert.Equal(expectedParameters, string.Join('|', statement.ParameterTypes.Zip(statement.Values, (t, v) => $"{t}:{v}")));
    }

    [Theory]
    // A unary minus folds into the constant in the grammar; -$1 would be an operator call on another type.
    [InlineData("SELECT a FROM t WHERE a = -5 AND b = 7", "SELECT a FROM t WHERE a = -5 AND b = $1", "23:7")]
    // Function arguments and target-list values keep their literal (SELECT $1 has no type to infer).
    [InlineData("SELECT f(1), 'x' AS tag FROM t WHERE b = 'y'", "SELECT f(1), 'x' AS tag FROM t WHERE b = $1", "0:y")]
    // A cast's operand: 'x'::date stays a literal.
    [InlineData("SELECT a FROM t WHERE d = '2024-01-01'::date AND b = 2", "SELECT a FROM t WHERE d = '2024-01-01'::date AND b = $1", "23:2")]
    // LIMIT is not an operator operand.
    [InlineData("SELECT a FROM t WHERE b = 2 LIMIT 10", "SELECT a FROM t WHERE b = $1 LIMIT 10", "23:2")]
    public void TryParameterize_OtherLiterals_WrittenBackIn(string sql, string expectedText, string expectedParameters)
    {
        var statement = Parameterize(sql);

        Assert.NotNull(statement);
        Assert.Equal(expectedText, statement.Text);
        Assert.Equal(expectedParameters, string.Join('|', statement.ParameterTypes.Zip(statement.Values, (t, v) => $"{t}:{v}")));
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES (1, 'x')")]
    [InlineData("UPDATE t SET a = 1 WHERE b = 2")]
    [InlineData("SELECT a INTO t2 FROM t WHERE b = 1")]
    [InlineData("SELECT f('x') FROM t")]
    [InlineData("SELECT a FROM t WHERE b = 'a'\n'b'")]
    public void TryParameterize_NothingToBind_Null(string sql) => Assert.Null(Parameterize(sql));

    [Fact]
    public void TryParameterize_SameTextTwice_EqualStatements()
    {
        // Equal by value (arrays included), so the same text decided twice gives equal decisions.
        var first = Parameterize("SELECT a FROM t WHERE b = 'x' AND c = 5");
        var second = Parameterize("SELECT a FROM t WHERE b = 'x' AND c = 5");
        var other = Parameterize("SELECT a FROM t WHERE b = 'x' AND c = 6");

        Assert.Equal(first, second);
        Assert.Equal(first!.GetHashCode(), second!.GetHashCode());
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void TryParameterize_PlaceholderUsedTwiceInRewrite_WrittenIn()
    {
        var template = LiteralTemplate.TryCreate("SELECT a FROM t WHERE b = 5 AND c = 6")!;

        var statement = template.TryParameterize("SELECT a FROM (SELECT a FROM t WHERE b = $1) s WHERE b = $1 AND c = $2");

        Assert.NotNull(statement);
        Assert.Equal("SELECT a FROM (SELECT a FROM t WHERE b = 5) s WHERE b = 5 AND c = $1", statement.Text);
        Assert.Equal(["6"], statement.Values);
    }
}
