using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// Server certificate validation against a private CA file instead of the system trust store:
/// the chain is built with <see cref="X509ChainTrustMode.CustomRootTrust"/> so that only the given
/// roots anchor it (a certificate from a public CA does not pass), and a host name mismatch still
/// fails. Revocation is not checked: private CAs rarely publish CRLs reachable from the proxy host.
/// </summary>
internal sealed class CaTrust
{
    private readonly X509Certificate2Collection _roots;

    private CaTrust(X509Certificate2Collection roots) => _roots = roots;

    /// <exception cref="InvalidOperationException">The file holds no certificate.</exception>
    public static CaTrust Load(string caFile)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(caFile);
        if (roots.Count == 0)
        {
            throw new InvalidOperationException($"CA file {caFile} contains no PEM certificate.");
        }

        return new CaTrust(roots);
    }

    public bool Validate(X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
