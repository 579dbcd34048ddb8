using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.Proxy.Cli;

/// <summary>The parsed command line of <c>policy explain</c>.</summary>
/// <param name="PolicyPath">Policy YAML file.</param>
/// <param name="Login">The subject: the authenticated login (SPEC §3).</param>
/// <param name="Sql"><c>--sql</c> text, or <see cref="ExplainSqlSource.Stdin"/>.</param>
/// <param name="SqlFile"><c>--file</c> path, or <see cref="ExplainSqlSource.Stdin"/>.</param>
/// <param name="Dialect"><c>postgres</c> or <c>tsql</c>.</param>
/// <param name="CatalogConnectionString">Npgsql connection string to read the catalog from.</param>
/// <param name="CatalogFile">Catalog JSON dump.</param>
/// <param name="SearchPathText">Session search_path in <c>SHOW search_path</c> syntax, or null for the default.</param>
/// <param name="Json">Write JSON instead of text.</param>
internal sealed record ExplainOptions(
    string PolicyPath,
    string Login,
    string? Sql,
    string? SqlFile,
    string Dialect = "postgres",
    string? CatalogConnectionString = null,
    string? CatalogFile = null,
    string? SearchPathText = null,
    bool Json = false)
{
    /// <summary>The session search path, or an error message.</summary>
    public (SearchPath? Path, string? Error) ParseSearchPath()
    {
        if (SearchPathText is null)
        {
            return (SearchPath.Default, null);
        }

        try
        {
            return (SearchPath.Parse(SearchPathText), null);
        }
        catch (FormatException ex)
        {
            return (null, $"--search-path: {ex.Message}");
        }
    }
}
