using System.Diagnostics;

namespace MaskingProxy.Proxy.Tests.AuditTrail;

/// <summary>
/// A small tmpfs mounted on a test folder: a file system that really runs out of space (ENOSPC from
/// the kernel), which neither chmod nor permissions can simulate when the tests run as root.
/// Mounting needs root with CAP_SYS_ADMIN; <see cref="Unavailable"/> says why it cannot be used.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private static readonly Lazy<string?> Probe = new(ProbeMount);

    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null when tmpfs can be mounted here; otherwise the reason (for the test's skip message).</summary>
    public static string? Unavailable => Probe.Value;

    public static TmpfsMount Mount(string path, long bytes)
    {
        Directory.CreateDirectory(path);
        var (ok, error) = Run("mount", "-t", "tmpfs", "-o", $"size={bytes},mode=0700", "tmpfs", path);
        if (!ok)
        {
            throw new InvalidOperationException($"mount -t tmpfs on {path} failed: {error}");
        }

        return new TmpfsMount(path);
    }

    /// <summary>Writes a file until the file system is full; deleting it frees the space again.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var chunk = new byte[4096];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        try
        {
            while (true)
            {
                stream.Write(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }

        return filler;
    }

    public void Dispose() => Run("umount", Path);

    private static string? ProbeMount()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "tmpfs needs Linux";
        }

        var probe = Directory.CreateTempSubdirectory("tmpfs-probe-").FullName;
        try
        {
            var (ok, error) = Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe);
            if (!ok)
            {
                return $"mount -t tmpfs is not permitted here (needs root with CAP_SYS_ADMIN): {error}";
            }

            Run("umount", probe);
            return null;
        }
        finally
        {
            Directory.Delete(probe);
        }
    }

    private static (bool Ok, string Error) Run(string command, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode == 0, error.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, e.Message);
        }
    }
}
