using System.Reflection;
using System.Runtime.InteropServices;
using MaskingProxy.SqlRewriter.Postgres.Interop.Native;

namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// Locates libpg_query for the <c>"pg_query"</c> import name.
/// </summary>
/// <remarks>
/// .NET probes <c>libpg_query.so</c> for the name <c>pg_query</c>, but on Debian that unversioned symlink
/// only exists when the -dev package is installed; runtime images have only the SONAME
/// <c>libpg_query.so.1504.0</c>. Order tried:
/// <list type="number">
/// <item>the path in <c>MASKINGPROXY_LIBPG_QUERY</c>, if set (operators pinning a specific build);</item>
/// <item>the default probing (application folder, <c>libpg_query.so</c>, ...);</item>
/// <item>the SONAMEs of the libpg_query version whose protobuf schema this assembly was compiled from.</item>
/// </list>
/// After loading, <see cref="PgQuery"/> checks that the library reports the PostgreSQL major version the
/// AST schema belongs to, because a different libpg_query would emit a differently numbered protobuf.
/// </remarks>
internal static class PgQueryLibrary
{
    /// <summary>Environment variable with an explicit path to libpg_query.</summary>
    public const string PathEnvironmentVariable = "MASKINGPROXY_LIBPG_QUERY";

    /// <summary>SONAMEs of libpg_query 15-4.0 (the version of /usr/include/pg_query/pg_query.proto on Debian 12).</summary>
    private static readonly string[] s_fallbackNames = ["libpg_query.so.1504.0", "libpg_query.so.1504", "libpg_query.so"];

    private static int s_registered;

    /// <summary>Installs the resolver once per process; safe to call from any thread, any number of times.</summary>
    public static void EnsureResolverRegistered()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 1)
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(PgQueryLibrary).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Another resolver for this assembly is already installed (e.g. by a host); let it decide.
        }
    }

    internal static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(libraryName, NativeMethods.LibraryName, StringComparison.Ordinal))
        {
            return IntPtr.Zero;
        }

        string? explicitPath = Environment.GetEnvironmentVariable(PathEnvironmentVariable);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            // An explicit path that does not load is an error, not a reason to silently pick another build.
            return NativeLibrary.Load(explicitPath);
        }

        if (NativeLibrary.TryLoad(libraryName, assembly, searchPath, out IntPtr handle))
        {
            return handle;
        }

        foreach (string name in s_fallbackNames)
        {
            if (NativeLibrary.TryLoad(name, assembly, searchPath, out handle) || NativeLibrary.TryLoad(name, out handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero; // the runtime then throws DllNotFoundException, which PgQuery rewraps with advice
    }
}
