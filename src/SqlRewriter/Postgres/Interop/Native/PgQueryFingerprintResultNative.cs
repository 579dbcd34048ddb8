using System.Runtime.InteropServices;

namespace MaskingProxy.SqlRewriter.Postgres.Interop.Native;

/// <summary>Mirror of <c>PgQueryFingerprintResult</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PgQueryFingerprintResultNative
{
    public ulong Fingerprint;
    public byte* FingerprintStr;
    public byte* StderrBuffer;
    public PgQueryErrorNative* Error;
}
