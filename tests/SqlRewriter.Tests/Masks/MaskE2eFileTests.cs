using MaskingProxy.SqlRewriter.Postgres.Interop;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Masks;

public class MaskE2eFileTests
{
    [Fact]
    public void Checked_in_e2e_sql_matches_the_builders()
    {
        string expected = MaskE2eChecks.RenderSql();
        string path = MaskE2eChecks.SourcePath();
        if (Environment.GetEnvironmentVariable("MASKINGPROXY_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run with MASKINGPROXY_UPDATE_GOLDEN=1");
        Assert.Equal(expected, File.ReadAllText(path));
    }

    [Fact]
    public void E2e_sql_is_valid_postgres_sql()
    {
        Assert.Equal(5, PgQuery.Parse(MaskE2eChecks.RenderSql()).Stmts.Count);
    }
}
