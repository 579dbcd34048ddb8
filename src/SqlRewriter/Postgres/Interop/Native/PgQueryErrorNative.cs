using System.Runtime.InteropServices;

namespace MaskingProxy.SqlRewriter.Postgres.Interop.Native;

/// <summary>Mirror of <c>PgQueryError</c> in pg_query.h (x86_64 / aarch64 LP64 layout).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PgQueryErrorNative
{
    /// <summary>Exception message (UTF-8).</summary>
    public byte* Message;
    /// <summary>Source function of the exception, e.g. <c>scanner_yyerror</c>.</summary>
    public byte* FuncName;
    /// <summary>Source file of the exception, e.g. <c>scan.l</c>.</summary>
    public byte* FileName;
    /// <summary>Source line of the exception.</summary>
    public int LineNo;
    /// <summary>1-based position in the query, counted in characters (code points), 0 when unknown.</summary>
    public int CursorPos;
    /// <summary>Additional context, may be null.</summary>
    public byte* Context;
}
