using System.Runtime.InteropServices;

namespace MaskingProxy.SqlRewriter.Postgres.Interop.Native;

/// <summary>Mirror of <c>PgQueryScanResult</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PgQueryScanResultNative
{
    public PgQueryProtobufNative Pbuf;
    public byte* StderrBuffer;
    public PgQueryErrorNative* Error;
}
