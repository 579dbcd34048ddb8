using System.Text;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Interop;

public class ConcurrencyAndLimitsTests
{
    [Fact]
    public void Parse_and_deparse_from_many_threads_concurrently()
    {
        string[] inputs = Enumerable.Range(0, 16)
            .Select(i => $"SELECT c{i}, '值{i}' FROM t{i} JOIN u ON u.id = t{i}.id WHERE x = {i}")
            .ToArray();
        string[] expected = inputs.Select(s => PgQuery.Deparse(PgQuery.Parse(s))).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 300; i++)
            {
                int k = (i + t) % inputs.Length;
                string actual = PgQuery.Deparse(PgQuery.Parse(inputs[k]));
                if (actual != expected[k])
                {
                    failures.Add(actual);
                }

                // Interleave failures so error paths (longjmp in C) run concurrently too.
                if (PgQuery.TryParse("SELECT FROM WHERE " + k, out _, out _))
                {
                    failures.Add("error expected");
                }

                _ = PgQuery.Normalize(inputs[k]);
                _ = PgQuery.Split(inputs[k] + "; SELECT 1");
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void Deeply_nested_expression_is_refused_without_crashing()
    {
        // 20 000 levels of '+' overflow a 1.5 MiB stack inside libpg_query if run inline (SIGSEGV).
        string sql = "SELECT 1" + string.Concat(Enumerable.Repeat("+1", 20_000));
        Assert.False(PgQuery.TryParse(sql, out _, out PgParseError? error));
        Assert.Equal(PgParseErrorKind.TooDeep, error.Kind);

        // Normalize has no managed depth check, but runs on a deep-stack thread and succeeds.
        Assert.StartsWith("SELECT $1+$2", PgQuery.Normalize(sql), StringComparison.Ordinal);
    }

    [Fact]
    public void Large_but_shallow_statement_parses_on_a_deep_stack_thread()
    {
        var sql = new StringBuilder("INSERT INTO t (a, b) VALUES ");
        for (int i = 0; i < 5000; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append('(').Append(i).Append(", '值").Append(i).Append("')");
        }

        ParseResult result = PgQuery.Parse(sql.ToString());
        Assert.Equal(5000, result.Stmts[0].Stmt.InsertStmt.SelectStmt.SelectStmt.ValuesLists.Count);
    }

    [Fact]
    public void Deparse_of_a_deep_tree_runs_on_a_deep_stack_thread()
    {
        // 200 operator levels ≈ 400 message levels: accepted by MaxTreeDepth, but more than the inline
        // budget for the deparser (≈ 1 KiB of C stack per level).
        string sql = "SELECT 1" + string.Concat(Enumerable.Repeat("+1", 200));
        string deparsed = PgQuery.Deparse(PgQuery.Parse(sql));
        Assert.StartsWith("SELECT ((", deparsed, StringComparison.Ordinal);
        Assert.Equal(PgQuery.Fingerprint(sql), PgQuery.Fingerprint(deparsed));
    }

    [Fact]
    public void Statement_beyond_the_size_limit_is_refused()
    {
        string sql = "SELECT 1" + new string(' ', 3 * 1024 * 1024);
        Assert.False(PgQuery.TryParse(sql, out _, out PgParseError? error));
        Assert.Equal(PgParseErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public void Protobuf_depth_is_measured_iteratively()
    {
        ParseResult tree = PgQuery.Parse("SELECT 1" + string.Concat(Enumerable.Repeat("+1", 100)));
        byte[] bytes = Google.Protobuf.MessageExtensions.ToByteArray(tree);
        int depth = ProtobufDepth.Measure(bytes, ParseResult.Descriptor, int.MaxValue - 1);

        // ParseResult > RawStmt > Node > SelectStmt > Node(ResTarget) > ResTarget > then 2 per A_Expr level.
        Assert.InRange(depth, 200, 215);
        Assert.Equal(11, ProtobufDepth.Measure(bytes, ParseResult.Descriptor, 10));
        Assert.Equal(ProtobufDepth.Malformed, ProtobufDepth.Measure(bytes.AsSpan(0, bytes.Length - 3), ParseResult.Descriptor, int.MaxValue - 1));
    }
}
