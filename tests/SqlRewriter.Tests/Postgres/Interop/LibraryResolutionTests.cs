using System.Runtime.InteropServices;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Postgres.Interop;

public class LibraryResolutionTests
{
    [Fact]
    public void Resolver_finds_libpg_query_for_the_import_name()
    {
        IntPtr handle = PgQueryLibrary.Resolve("pg_query", typeof(PgQuery).Assembly, null);
        Assert.NotEqual(IntPtr.Zero, handle);
        Assert.True(NativeLibrary.TryGetExport(handle, "pg_query_parse_protobuf", out _));
    }

    [Fact]
    public void Resolver_ignores_other_libraries()
    {
        Assert.Equal(IntPtr.Zero, PgQueryLibrary.Resolve("libc", typeof(PgQuery).Assembly, null));
    }

    [Fact]
    public void Debian_runtime_soname_is_loadable_without_the_dev_symlink()
    {
        // Runtime images have only the SONAME; the resolver falls back to it.
        Assert.True(NativeLibrary.TryLoad("libpg_query.so.1504.0", out IntPtr handle));
        Assert.True(NativeLibrary.TryGetExport(handle, "pg_query_deparse_protobuf", out _));
    }
}
