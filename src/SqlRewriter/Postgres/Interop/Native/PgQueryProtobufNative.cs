using System.Runtime.InteropServices;

namespace MaskingProxy.SqlRewriter.Postgres.Interop.Native;

/// <summary>Mirror of <c>PgQueryProtobuf</c>: a length-prefixed buffer (not NUL-terminated).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PgQueryProtobufNative
{
    public nuint Len;
    public byte* Data;
}
