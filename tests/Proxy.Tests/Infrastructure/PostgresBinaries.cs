namespace MaskingProxy.Proxy.Tests.Infrastructure;

/// <summary>
/// Finds the PostgreSQL server binaries. Debian keeps them in /usr/lib/postgresql/N/bin, off PATH, and
/// `pg_config --bindir` may describe a different (client/dev) installation, so the known layout wins.
/// </summary>
public static class PostgresBinaries
{
    public const int PreferredMajorVersion = 15;

    /// <summary>
    /// MASKINGPROXY_PG_BINDIR if set; else /usr/lib/postgresql/15/bin; else the newest
    /// /usr/lib/postgresql/*/bin; else the folder of an initdb on PATH.
    /// </summary>
    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable("MASKINGPROXY_PG_BINDIR") is { Length: > 0 } configured)
        {
            return HasServer(configured)
                ? configured
                : throw new InvalidOperationException($"MASKINGPROXY_PG_BINDIR={configured} has no initdb/pg_ctl/postgres.");
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var candidates = Directory.GetDirectories(debianRoot)
                .Select(dir => (Dir: Path.Combine(dir, "bin"), Major: int.TryParse(Path.GetFileName(dir), out var major) ? major : 0))
                .Where(c => HasServer(c.Dir))
                .OrderByDescending(c => c.Major == PreferredMajorVersion)
                .ThenByDescending(c => c.Major)
                .ToList();
            if (candidates.Count > 0)
            {
                return candidates[0].Dir;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServer);
        return onPath ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (looked in MASKINGPROXY_PG_BINDIR, /usr/lib/postgresql/*/bin and PATH). " +
            "Install them with: apt-get install -y postgresql-15");
    }

    private static bool HasServer(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) &&
        File.Exists(Path.Combine(dir, "pg_ctl")) &&
        File.Exists(Path.Combine(dir, "postgres"));
}
