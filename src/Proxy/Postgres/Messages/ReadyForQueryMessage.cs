namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>ReadyForQuery (docs §55.7): one status byte.</summary>
public static class ReadyForQueryMessage
{
    public static bool TryParse(ReadOnlySpan<byte> body, out TransactionStatus status)
    {
        status = TransactionStatus.Idle;
        if (body.Length != 1 || (body[0] != 'I' && body[0] != 'T' && body[0] != 'E'))
        {
            return false;
        }
        status = (TransactionStatus)body[0];
        return true;
    }
}
