namespace MaskingProxy.Proxy.Hosting;

public enum ListenerProtocol
{
    Postgres,
    Tds,
}
