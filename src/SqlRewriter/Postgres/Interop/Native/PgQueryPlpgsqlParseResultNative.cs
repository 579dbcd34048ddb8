using System.Runtime.InteropServices;

namespace MaskingProxy.SqlRewriter.Postgres.Interop.Native;

/// <summary>Mirror of <c>PgQueryPlpgsqlParseResult</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PgQueryPlpgsqlParseResultNative
{
    public byte* PlpgsqlFuncs;
    public PgQueryErrorNative* Error;
}
