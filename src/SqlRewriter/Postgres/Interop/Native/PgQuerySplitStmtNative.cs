using System.Runtime.InteropServices;

namespace MaskingProxy.SqlRewriter.Postgres.Interop.Native;

/// <summary>Mirror of <c>PgQuerySplitStmt</c>: byte offset and byte length into the UTF-8 input.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PgQuerySplitStmtNative
{
    public int StmtLocation;
    public int StmtLen;
}
