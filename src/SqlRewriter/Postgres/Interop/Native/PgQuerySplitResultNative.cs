using System.Runtime.InteropServices;

namespace MaskingProxy.SqlRewriter.Postgres.Interop.Native;

/// <summary>Mirror of <c>PgQuerySplitResult</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PgQuerySplitResultNative
{
    public PgQuerySplitStmtNative** Stmts;
    public int NStmts;
    public byte* StderrBuffer;
    public PgQueryErrorNative* Error;
}
