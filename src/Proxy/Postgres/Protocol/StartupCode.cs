namespace MaskingProxy.Proxy.Postgres.Protocol;

/// <summary>
/// The int32 that follows the length of an untyped startup-phase packet (docs §55.7: StartupMessage,
/// SSLRequest, GSSENCRequest, CancelRequest). Protocol 3.x uses major 3 in the high 16 bits.
/// </summary>
public static class StartupCode
{
    public const int SslRequest = 80877103;
    public const int GssEncRequest = 80877104;
    public const int CancelRequest = 80877102;

    /// <summary>PostgreSQL's own cap on a startup packet (MAX_STARTUP_PACKET_LENGTH).</summary>
    public const int MaxStartupPacketLength = 10000;
}
