using System.CommandLine;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Rewriting;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Cli;

/// <summary>
/// <c>maskingproxy policy explain --policy P --login U (--sql SQL | --file F | --file -)
/// (--catalog CONNSTR | --catalog-file F) [--search-path "a, b"] [--format text|json]</c>: what the proxy
/// would do with one statement text for one login: the verdict, the SQL it would forward, and where every
/// masked output column comes from. Exit 0 allowed or masked, 1 denied, 2 unusable input.
/// </summary>
public static class PolicyExplainCommand
{
    public const int AllowedOrMasked = 0;
    public const int Denied = 1;
    public const int Unusable = 2;

    public static Command Create()
    {
        var policy = new Option<string>("--policy") { HelpName = "FILE", Description = "Policy YAML file (SPEC §3).", Required = true };
        var login = new Option<string>("--login", "--user") { HelpName = "LOGIN", Description = "The subject: the login the client authenticates as.", Required = true };
        var sql = new Option<string>("--sql") { HelpName = "TEXT", Description = "Statement text (may hold several statements); - reads stdin." };
        var file = new Option<string>("--file") { HelpName = "PATH", Description = "Read the statement text from this file; - reads stdin." };
        var dialect = new Option<string>("--dialect") { Description = "SQL dialect (only postgres has a rewriter so far).", DefaultValueFactory = _ => "postgres" };
        dialect.AcceptOnlyFromAmong("postgres", "tsql");
        var catalog = new Option<string>("--catalog") { HelpName = "CONNSTR", Description = "Npgsql connection string to read the catalog from." };
        var catalogFile = new Option<string>("--catalog-file") { HelpName = "FILE", Description = "Catalog JSON dump, offline." };
        var searchPath = new Option<string>("--search-path") { HelpName = "PATH", Description = "Session search_path, as SHOW search_path prints it (default: \"$user\", public)." };
        var format = new Option<string>("--format") { Description = "text (aligned, for people) or json (stable property names, for scripts).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");

        var command = new Command("explain", "Dry-run one statement text for one login: verdict, forwarded SQL, masked columns; exit 0 allowed or masked, 1 denied, 2 unusable input.")
        {
            policy, login, sql, file, dialect, catalog, catalogFile, searchPath, format,
        };
        command.Action = new UsageErrorAction(Unusable, (result, cancellationToken) => RunAsync(
            new ExplainOptions(
                result.GetValue(policy)!,
                result.GetValue(login)!,
                result.GetValue(sql),
                result.GetValue(file),
                result.GetValue(dialect)!,
                result.GetValue(catalog),
                result.GetValue(catalogFile),
                result.GetValue(searchPath),
                result.GetValue(format) == "json"),
            Console.In,
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Runs the command; <paramref name="stdin"/> is read only when the text comes from <c>-</c>.</summary>
    internal static async Task<int> RunAsync(ExplainOptions options, TextReader stdin, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (options.Dialect != "postgres")
        {
            return await FailAsync(error, $"--dialect {options.Dialect} is not available yet: only postgres has a rewriter").ConfigureAwait(false);
        }

        var (searchPath, searchPathError) = options.ParseSearchPath();
        if (searchPath is null)
        {
            return await FailAsync(error, searchPathError!).ConfigureAwait(false);
        }

        var (text, sqlError) = await ExplainSqlSource.ReadAsync(options.Sql, options.SqlFile, stdin, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return await FailAsync(error, sqlError!).ConfigureAwait(false);
        }

        // Without a catalog no name resolves, so every read of a table would be denied: refuse instead of misleading.
        var catalog = await PolicyCommand.LoadCatalogAsync(options.CatalogFile, options.CatalogConnectionString, cancellationToken).ConfigureAwait(false);
        if (catalog.Snapshot is null)
        {
            return await FailAsync(error, catalog.Error ?? "a catalog is needed to resolve names: give --catalog CONNSTR or --catalog-file F").ConfigureAwait(false);
        }

        // Loaded against the catalog, like the proxy does, so a mask that does not fit its column is an error here too.
        // Warnings go to stderr too: stdout carries the report (JSON with --format json).
        var policy = PolicyCommand.LoadReporting(options.PolicyPath, catalog.Snapshot, error, error);
        if (policy is null)
        {
            return Unusable;
        }

        var request = new RewriteRequest(text, options.Login, policy, catalog.Snapshot, new SessionSettings(searchPath));
        var result = PostgresRewriter.Instance.Rewrite(request);
        var report = ExplainReport.Create(request, result, catalog.Description!);
        if (options.Json)
        {
            ExplainJsonWriter.Write(report, output);
        }
        else
        {
            ExplainTextWriter.Write(report, output);
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return result.Verdict == RewriteVerdict.Deny ? Denied : AllowedOrMasked;
    }

    private static async Task<int> FailAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"maskingproxy policy explain: {message}").ConfigureAwait(false);
        return Unusable;
    }
}
