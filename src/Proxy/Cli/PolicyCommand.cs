using System.CommandLine;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.Proxy.Cli;

/// <summary>
/// <c>maskingproxy policy check POLICY.yaml [--catalog CONNSTR | --catalog-file F]</c>: validate a policy
/// the way the proxy loads it; with a catalog, masks are also checked against the real column types.
/// </summary>
public static class PolicyCommand
{
    public static Command Create()
    {
        var policy = new Command("policy", "Validate and dry-run masking policies.");
        policy.Subcommands.Add(CreateCheck());
        return policy;
    }

    private static Command CreateCheck()
    {
        var file = new Argument<string>("POLICY") { Description = "Policy YAML file (SPEC §3)." };
        var catalog = new Option<string?>("--catalog") { Description = "Npgsql connection string to read the catalog from." };
        var catalogFile = new Option<string?>("--catalog-file") { Description = "Catalog JSON dump to check against, offline." };
        var check = new Command("check", "Validate a policy; exit 0 when valid, 1 when invalid, 2 when the catalog cannot be read.") { file, catalog, catalogFile };
        check.SetAction(async (result, cancellationToken) =>
        {
            CatalogSnapshot? snapshot;
            try
            {
                snapshot = result.GetValue(catalogFile) is { } path ? CatalogJson.Load(path)
                    : result.GetValue(catalog) is { } connection ? await PostgresCatalogLoader.LoadAsync(connection, cancellationToken).ConfigureAwait(false)
                    : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException or Npgsql.NpgsqlException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"cannot read the catalog: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
            return Check(result.GetValue(file)!, snapshot, Console.Out, Console.Error);
        });
        return check;
    }

    /// <summary>Prints every error and warning as file:line:column and a one-line verdict.</summary>
    public static int Check(string path, IColumnTypeLookup? columnTypes, TextWriter output, TextWriter error)
    {
        var (loaded, problems) = PolicyLoader.TryLoadFile(path, columnTypes);
        foreach (var problem in problems)
        {
            (problem.Severity == PolicyErrorSeverity.Error ? error : output).WriteLine(problem.ToString());
        }
        if (loaded is null)
        {
            error.WriteLine($"{path}: invalid ({problems.Count(p => p.Severity == PolicyErrorSeverity.Error)} error(s))");
            return 1;
        }
        var against = columnTypes is null ? "no catalog given, column types not checked" : "checked against the catalog";
        output.WriteLine($"{path}: valid policy '{loaded.Name}', {loaded.Rules.Count} rule(s), version {loaded.Version} ({against})");
        return 0;
    }
}
