using System.Text.RegularExpressions;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Postgres.Rewriting;
using MaskingProxy.SqlRewriter.Rewriting;
using MaskingProxy.SqlRewriter.Tests.Rewriting.Golden;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Rewriting;

/// <summary>
/// An oracle independent of the analyzer: in every text the rewriter lets through, each read of a relation
/// with SQL-masked columns (a relation name in FROM/JOIN/USING/MERGE USING) must sit inside a masking subquery
/// whose text is exactly the one the coverage model builds for that relation. A golden file cannot encode
/// an unmasked read without this test failing.
/// </summary>
public sealed partial class GoldenLeakOracleTests
{
    public static TheoryData<string, string> Cases() => GoldenCaseTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_covered_read_is_inside_an_exact_masking_subquery(string file, string name)
    {
        GoldenFile golden = GoldenFileReader.Read(Path.Combine(GoldenCorpus.Directory, file));
        GoldenCase item = golden.Cases.Single(c => c.Name == name);
        Policy policy = GoldenCorpus.Policy(golden.Policy);
        string login = item.Login ?? golden.Login;
        string? path = item.SearchPath ?? golden.SearchPath;
        var session = new SessionSettings(path is null ? null : SearchPath.Parse(path), null, null, item.Temporary);
        RewriteResult result = PostgresRewriter.Instance.Rewrite(new RewriteRequest(item.Sql, login, policy, GoldenCorpus.Catalog, session));
        if (result.Verdict == RewriteVerdict.Deny || result.Warnings.Count > 0)
        {
            return;
        }

        string sql = result.RewrittenSql ?? item.Sql;
        if (!PgQuery.TryParse(sql, out ParseResult? tree, out _))
        {
            return;
        }

        var model = new CoverageModel(policy, GoldenCorpus.Catalog, SubjectClass.For(policy, login));
        var text = new SqlText(sql);
        var ctes = new HashSet<string>(StringComparer.Ordinal);
        for (int index = 0; index < tree.Stmts.Count; index++)
        {
            // SET search_path earlier in the text changes how later statements resolve names.
            SearchPath statementPath = result.SessionEffects.LastOrDefault(e => e.Kind == SessionEffectKind.SetSearchPath && e.StatementIndex < index) is { } set
                ? SearchPath.FromNames(set.Values)
                : session.SearchPath;
            var reads = new List<RangeVar>();
            var projections = new List<RangeVar>();
            Collect(tree.Stmts[index].Stmt, reads, ctes, projections);
            foreach (RangeVar read in reads)
            {
                if (read.Schemaname.Length == 0 && ctes.Contains(read.Relname))
                {
                    continue;
                }

                RelationResolution resolved = GoldenCorpus.Catalog.ResolveRelation(read.Schemaname.Length > 0 ? read.Schemaname : null, read.Relname, statementPath, login, session.TemporaryRelations);
                if (resolved.Relation is not { } relation || model.Coverage(relation) is not { HasCovered: true, OnlyHash: false } coverage)
                {
                    continue;
                }

                int at = text.Index(read.Location);
                bool safe = InsideExactSubstitute(sql, at, model, coverage, !read.Inh)
                    || (projections.Contains(read) && ExactCopyProjection(sql, coverage));
                Assert.True(safe, $"{file}: {name}: {relation.Schema}.{relation.Name} is read at {at} outside a masking subquery:\n{sql}");
            }

            if (tree.Stmts[index].Stmt.CopyStmt is { IsFrom: false, Relation: { } copied } copy
                && GoldenCorpus.Catalog.ResolveRelation(copied.Schemaname.Length > 0 ? copied.Schemaname : null, copied.Relname, statementPath, login) is { Relation: { } table }
                && (copy.Attlist.Count == 0 ? [.. table.Columns.Select(c => c.Name)] : Names(copy.Attlist)).Exists(c => model.Coverage(table).Columns[table.IndexOfColumn(c)] is not null))
            {
                Assert.Fail($"{file}: {name}: COPY of covered columns was not rewritten");
            }
        }
    }

    /// <summary>COPY table (cols) TO becomes COPY (SELECT mask(col) AS col, ... FROM table): each covered column must appear masked.</summary>
    private static bool ExactCopyProjection(string sql, RelationCoverage coverage)
    {
        string qualifier = SqlIdentifier.Quote(coverage.Relation.Name) + ".";
        int from = sql.IndexOf(" FROM " + SqlIdentifier.Qualified(coverage.Relation.Schema, coverage.Relation.Name) + ")", StringComparison.Ordinal);
        if (!sql.StartsWith("COPY (SELECT ", StringComparison.Ordinal) || from < 0)
        {
            return false;
        }

        string list = sql["COPY (SELECT ".Length..from];
        for (int i = 0; i < coverage.Columns.Count; i++)
        {
            string quoted = SqlIdentifier.Quote(coverage.Relation.Columns[i].Name);
            if (coverage.Columns[i] is { } covered && list.Contains(qualifier + quoted, StringComparison.Ordinal)
                && !list.Contains(MaskTemplates.Build(covered.Rule.Mask, covered.TypeName, qualifier + quoted) + " AS " + quoted, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> Names(IEnumerable<Node> nodes) => [.. nodes.Select(n => n.String.Sval)];

    [Fact]
    public void Oracle_rejects_unmasked_and_tampered_reads()
    {
        Policy policy = GoldenCorpus.Policy("policy.yaml");
        var model = new CoverageModel(policy, GoldenCorpus.Catalog, SubjectClass.For(policy, "app_user"));
        RelationCoverage coverage = model.Coverage(GoldenCorpus.Catalog.GetRelation("public", "patients")!);
        string substitute = model.Substitute(coverage, [], only: false);

        string masked = $"SELECT phone FROM {substitute} AS patients";
        Assert.True(InsideExactSubstitute(masked, masked.IndexOf("public.patients", StringComparison.Ordinal), model, coverage, only: false));

        const string raw = "SELECT phone FROM (SELECT public.patients.phone FROM public.patients) AS patients";
        Assert.False(InsideExactSubstitute(raw, raw.IndexOf("public.patients)", StringComparison.Ordinal), model, coverage, only: false));

        string tampered = masked.Replace("AS phone", "AS phone, patients.phone AS p2", StringComparison.Ordinal);
        Assert.False(InsideExactSubstitute(tampered, tampered.LastIndexOf("public.patients", StringComparison.Ordinal), model, coverage, only: false));
    }

    private static bool InsideExactSubstitute(string sql, int relationAt, CoverageModel model, RelationCoverage coverage, bool only)
    {
        // The substitute ends right after the relation name with ')'.
        string qualified = SqlIdentifier.Qualified(coverage.Relation.Schema, coverage.Relation.Name);
        if (string.CompareOrdinal(sql, relationAt, qualified, 0, qualified.Length) != 0 || relationAt + qualified.Length >= sql.Length || sql[relationAt + qualified.Length] != ')')
        {
            return false;
        }

        int end = relationAt + qualified.Length + 1;
        for (int start = sql.LastIndexOf("(SELECT ", relationAt, StringComparison.Ordinal); start >= 0; start = start == 0 ? -1 : sql.LastIndexOf("(SELECT ", start - 1, StringComparison.Ordinal))
        {
            string candidate = sql[start..end];
            var hidden = new List<int>();
            foreach (Match match in HiddenColumn().Matches(candidate))
            {
                hidden.Add(coverage.Relation.IndexOfColumn(match.Groups[1].Value.Trim('"')));
            }

            hidden.Sort();
            if (hidden.TrueForAll(i => i >= 0) && candidate == model.Substitute(coverage, hidden, only))
            {
                return true;
            }
        }

        return false;
    }

    private static void Collect(Google.Protobuf.IMessage root, List<RangeVar> reads, HashSet<string> ctes, List<RangeVar> projections)
    {
        ProtobufWalker.Walk(root, node =>
        {
            switch (node)
            {
                case CopyStmt { Query.SelectStmt: { FromClause: [{ RangeVar: { } projected }] } }:
                    projections.Add(projected);
                    break;
                case CommonTableExpr cte:
                    ctes.Add(cte.Ctename);
                    break;
                case SelectStmt select:
                    FromItems(select.FromClause, reads);
                    break;
                case UpdateStmt update:
                    FromItems(update.FromClause, reads);
                    break;
                case DeleteStmt delete:
                    FromItems(delete.UsingClause, reads);
                    break;
                case MergeStmt merge:
                    FromItems([merge.SourceRelation], reads);
                    break;
            }

            return true;
        });
    }

    private static void FromItems(IEnumerable<Node> items, List<RangeVar> reads)
    {
        foreach (Node item in items)
        {
            switch (item.NodeCase)
            {
                case Node.NodeOneofCase.RangeVar:
                    reads.Add(item.RangeVar);
                    break;
                case Node.NodeOneofCase.JoinExpr:
                    FromItems([item.JoinExpr.Larg, item.JoinExpr.Rarg], reads);
                    break;
                case Node.NodeOneofCase.RangeTableSample:
                    FromItems([item.RangeTableSample.Relation], reads);
                    break;
            }
        }
    }

    [GeneratedRegex(@"AS ""?__mp_raw_([^"",) ]+)""?(?=, | FROM )")]
    private static partial Regex HiddenColumn();
}
