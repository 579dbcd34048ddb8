using MaskingProxy.SqlRewriter.Postgres.Interop;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Interop;

/// <summary>
/// The proxy must never parse a different text than the database sees: text that cannot be passed to C
/// unchanged is refused, never truncated or repaired.
/// </summary>
public class InputValidationTests
{
    public static TheoryData<string, Action<string>> Operations() => new()
    {
        { "parse", s => PgQuery.Parse(s) },
        { "normalize", s => PgQuery.Normalize(s) },
        { "split", s => PgQuery.Split(s) },
        { "split-scanner", s => PgQuery.Split(s, PgSplitMode.Scanner) },
        { "scan", s => PgQuery.Scan(s) },
        { "fingerprint", s => PgQuery.Fingerprint(s) },
        { "plpgsql", s => PgQuery.ParsePlpgsqlJson(s) },
        { "offsets", s => PgQuery.CreateOffsetMap(s) },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Nul_character_is_rejected_not_truncated(string name, Action<string> operation)
    {
        const string sql = "SELECT 1\0; DROP TABLE patients";
        PgQueryException ex = Assert.Throws<PgQueryException>(() => operation(sql));
        Assert.Equal(PgParseErrorKind.InvalidInput, ex.Error.Kind);
        Assert.Equal(8, ex.Error.Position);
        Assert.NotNull(name);
    }

    [Fact]
    public void TryParse_reports_nul_without_throwing()
    {
        Assert.False(PgQuery.TryParse("SELECT '\0'", out _, out PgParseError? error));
        Assert.Equal(PgParseErrorKind.InvalidInput, error.Kind);
        Assert.Equal(8, error.Position);
    }

    [Fact]
    public void Unpaired_surrogate_is_rejected()
    {
        // Built in code: xUnit's theory-data serialization would itself replace lone surrogates.
        var cases = new (string Sql, int Position)[]
        {
            ("SELECT '" + '\uD800' + "'", 8),         // lone high surrogate
            ("SELECT 'a" + '\uDC00' + "b'", 9),       // lone low surrogate
            ("SELECT 1 -- " + '\uD83D', 12),          // truncated pair at the end of the text
        };

        foreach ((string sql, int position) in cases)
        {
            Assert.False(PgQuery.TryParse(sql, out _, out PgParseError? error));
            Assert.Equal(PgParseErrorKind.InvalidInput, error.Kind);
            Assert.Equal(position, error.Position);
        }

        // A proper pair is fine.
        Assert.Single(PgQuery.Parse("SELECT '\uD83D\uDE00'").Stmts);
    }

    [Fact]
    public void Null_argument_throws_argument_null()
    {
        Assert.Throws<ArgumentNullException>(() => PgQuery.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => PgQuery.Deparse(null!));
    }
}
