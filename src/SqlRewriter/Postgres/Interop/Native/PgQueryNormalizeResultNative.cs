using System.Runtime.InteropServices;

namespace MaskingProxy.SqlRewriter.Postgres.Interop.Native;

/// <summary>Mirror of <c>PgQueryNormalizeResult</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PgQueryNormalizeResultNative
{
    public byte* NormalizedQuery;
    public PgQueryErrorNative* Error;
}
