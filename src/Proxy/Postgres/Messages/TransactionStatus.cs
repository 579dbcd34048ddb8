namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>The status byte of ReadyForQuery (docs §55.7).</summary>
public enum TransactionStatus : byte
{
    Idle = (byte)'I',
    InBlock = (byte)'T',
    Failed = (byte)'E',
}
