namespace MaskingProxy.Proxy.Tests.Infrastructure;

/// <summary>
/// PEM files of a self-signed certificate. The certificate is its own CA, so <see cref="CertificatePath"/>
/// is also what a verifying client uses as root certificate.
/// </summary>
public sealed record CertificateFiles(string CertificatePath, string KeyPath);
