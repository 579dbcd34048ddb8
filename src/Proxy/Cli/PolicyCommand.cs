using System.CommandLine;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;

namespace MaskingProxy.Proxy.Cli;

/// <summary>
/// <c>maskingproxy policy check POLICY.yaml [--catalog CONNSTR | --catalog-file F]</c>: validate a policy
/// the way the proxy loads it; with a catalog, masks are also checked against the real column types.
/// <c>maskingproxy policy explain</c> (<see cref="PolicyExplainCommand"/>): dry-run one statement text.
/// </summary>
public static class PolicyCommand
{
    public static Command Create()
    {
        var policy = new Command("policy", "Validate and dry-run masking policies.");
        policy.Subcommands.Add(CreateCheck());
        policy.Subcommands.Add(PolicyExplainCommand.Create());
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
            var loaded = await LoadCatalogAsync(result.GetValue(catalogFile), result.GetValue(catalog), cancellationToken).ConfigureAwait(false);
            if (loaded.Error is not null)
            {
                await Console.Error.WriteLineAsync(loaded.Error).ConfigureAwait(false);
                return 2;
            }
            return Check(result.GetValue(file)!, loaded.Snapshot, Console.Out, Console.Error);
        });
        return check;
    }

    /// <summary>Prints every error and warning as file:line:column and a one-line verdict.</summary>
    public static int Check(string path, IColumnTypeLookup? columnTypes, TextWriter output, TextWriter error)
    {
        var loaded = LoadReporting(path, columnTypes, output, error);
        if (loaded is null)
        {
            return 1;
        }
        var against = columnTypes is null ? "no catalog given, column types not checked" : "checked against the catalog";
        output.WriteLine($"{path}: valid policy '{loaded.Name}', {loaded.Rules.Count} rule(s), version {loaded.Version} ({against})");
        return 0;
    }

    /// <summary>
    /// Loads a policy and prints its problems as file:line:column (errors to <paramref name="error"/>,
    /// warnings to <paramref name="warnings"/>) and, when it is invalid, a one-line verdict; null then.
    /// </summary>
    internal static Policy? LoadReporting(string path, IColumnTypeLookup? columnTypes, TextWriter warnings, TextWriter error)
    {
        var (loaded, problems) = PolicyLoader.TryLoadFile(path, columnTypes);
        foreach (var problem in problems)
        {
            (problem.Severity == PolicyErrorSeverity.Error ? error : warnings).WriteLine(problem.ToString());
        }
        if (loaded is null)
        {
            error.WriteLine($"{path}: invalid ({problems.Count(p => p.Severity == PolicyErrorSeverity.Error)} error(s))");
        }
        return loaded;
    }

    /// <summary>
    /// Reads the catalog named by <c>--catalog-file</c> or <c>--catalog</c> (shared by check and explain).
    /// Neither given: no snapshot and no error; unreadable or both given: an error message for stderr.
    /// </summary>
    internal static async Task<CatalogLoad> LoadCatalogAsync(string? file, string? connectionString, CancellationToken cancellationToken)
    {
        if (file is not null && connectionString is not null)
        {
            return new CatalogLoad(null, null, "give either --catalog or --catalog-file, not both");
        }

        try
        {
            ICatalogSource? source = file is not null ? new FileCatalogSource(file)
                : connectionString is not null ? new PostgresCatalogLoader(connectionString)
                : null;
            if (source is null)
            {
                return new CatalogLoad(null, null, null);
            }

            var snapshot = await source.LoadAsync(cancellationToken).ConfigureAwait(false);
            return new CatalogLoad(snapshot, source.Description, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException
            or System.Text.Json.JsonException or Npgsql.NpgsqlException or ArgumentException or TimeoutException)
        {
            // Never echo the connection string: it may hold a password.
            var what = file is not null ? $" {file}" : string.Empty;
            return new CatalogLoad(null, null, $"cannot read the catalog{what}: {ex.Message}");
        }
    }

    /// <summary>Outcome of <see cref="LoadCatalogAsync"/>.</summary>
    internal readonly record struct CatalogLoad(CatalogSnapshot? Snapshot, string? Description, string? Error);
}
