using System.Buffers;
using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>Sync (docs §55.7): ends an extended-query request; the server answers ReadyForQuery.</summary>
public static class SyncMessage
{
    public static void Write(IBufferWriter<byte> writer)
    {
        var span = writer.GetSpan(PgWire.HeaderLength);
        PgWire.WriteHeader(span, (byte)FrontendCode.Sync, 0);
        writer.Advance(PgWire.HeaderLength);
    }
}
