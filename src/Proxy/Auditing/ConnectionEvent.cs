namespace MaskingProxy.Proxy.Auditing;

public enum ConnectionEvent
{
    Opened,
    Closed,
}
