namespace MaskingProxy.Proxy.Tests.Infrastructure;

/// <summary>
/// The OS account that owns the test clusters. initdb, postgres and pgbouncer refuse to run as root, so
/// when the tests run as root (CI containers) those programs are started as the Debian `postgres` user
/// (override with MASKINGPROXY_PG_OS_USER); otherwise they simply run as the current user.
/// </summary>
public static class ServiceUser
{
    private static readonly string[] SetprivCandidates = ["/usr/bin/setpriv", "/bin/setpriv"];
    private static readonly string[] RunuserCandidates = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"];

    /// <summary>True when programs must be switched to another user, i.e. the tests run as root.</summary>
    public static bool SwitchesUser => Environment.IsPrivilegedProcess;

    public static string Name =>
        Environment.GetEnvironmentVariable("MASKINGPROXY_PG_OS_USER") is { Length: > 0 } configured
            ? configured
            : "postgres";

    /// <summary>Rewrites a command so that it runs as <see cref="Name"/> when the tests run as root.</summary>
    public static (string FileName, List<string> Arguments) Wrap(string fileName, IReadOnlyList<string> arguments)
    {
        if (!SwitchesUser)
        {
            return (fileName, arguments.ToList());
        }

        // setpriv exec()s the target directly: no PAM session, no extra parent process, nothing that can
        // prompt or print, which is what a headless CI container wants. runuser is the fallback.
        if (SetprivCandidates.FirstOrDefault(File.Exists) is { } setpriv)
        {
            return (setpriv, [$"--reuid={Name}", $"--regid={Name}", "--init-groups", "--", fileName, .. arguments]);
        }

        if (RunuserCandidates.FirstOrDefault(File.Exists) is { } runuser)
        {
            return (runuser, ["-u", Name, "--", fileName, .. arguments]);
        }

        throw new InvalidOperationException(
            "The tests run as root, but PostgreSQL refuses to run as root and neither setpriv nor runuser " +
            "(util-linux) was found to switch to the '" + Name + "' user.");
    }

    /// <summary>Hands a folder tree to <see cref="Name"/>; a no-op when no user switch is needed.</summary>
    public static async Task GiveOwnershipAsync(string path)
    {
        if (!SwitchesUser)
        {
            return;
        }

        var result = await ProcessRunner.RunAsync("chown", ["-R", Name + ":", path], Path.GetTempPath());
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not give {path} to the OS user '{Name}' that PostgreSQL runs as " +
                "(does the user exist? install postgresql-common or set MASKINGPROXY_PG_OS_USER)." +
                Environment.NewLine + result.Describe());
        }
    }
}
