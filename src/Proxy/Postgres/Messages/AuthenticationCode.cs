namespace MaskingProxy.Proxy.Postgres.Messages;

/// <summary>The int32 subtype of an Authentication ('R') message (docs §55.7).</summary>
public enum AuthenticationCode
{
    Ok = 0,
    KerberosV5 = 2,
    CleartextPassword = 3,
    Md5Password = 5,
    Gss = 7,
    GssContinue = 8,
    Sspi = 9,
    Sasl = 10,
    SaslContinue = 11,
    SaslFinal = 12,
}
