using System.Runtime.InteropServices;

namespace MaskingProxy.SqlRewriter.Postgres.Interop.Native;

/// <summary>Mirror of <c>PgQueryProtobufParseResult</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PgQueryProtobufParseResultNative
{
    public PgQueryProtobufNative ParseTree;
    public byte* StderrBuffer;
    public PgQueryErrorNative* Error;
}
