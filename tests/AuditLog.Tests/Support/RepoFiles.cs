namespace MaskingProxy.AuditLog.Tests.Support;

internal static class RepoFiles
{
    /// <summary>Finds a file relative to the repository root (the folder holding MaskingProxy.sln).</summary>
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MaskingProxy.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, relative);
            }
        }

        throw new FileNotFoundException("Repository root not found from " + AppContext.BaseDirectory);
    }
}
