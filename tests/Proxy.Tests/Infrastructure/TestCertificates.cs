using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MaskingProxy.Proxy.Tests.Infrastructure;

/// <summary>Self-signed TLS server certificates for "localhost", generated in-process (no openssl needed).</summary>
public static class TestCertificates
{
    /// <summary>
    /// Creates a certificate for CN=localhost with SAN DNS:localhost, IP:127.0.0.1, IP:::1 and an RSA-2048
    /// key, valid from yesterday (tolerates clock skew) for one year.
    /// </summary>
    /// <remarks>
    /// It is marked as a CA with keyCertSign so OpenSSL (libpq, PostgreSQL) and .NET both accept it as
    /// its own trust anchor in verify-full mode; a plain leaf is rejected as root by some verifiers.
    /// </remarks>
    public static X509Certificate2 Create(string commonName = "localhost")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(commonName);
        if (commonName != "localhost")
        {
            san.AddDnsName("localhost");
        }

        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    /// <summary>
    /// Writes <c>{name}.crt</c> (certificate PEM) and <c>{name}.key</c> (PKCS#8 PEM, mode 0600: PostgreSQL
    /// and most servers refuse group/world-readable keys) into <paramref name="folder"/>.
    /// </summary>
    public static CertificateFiles Write(string folder, string name = "server", string commonName = "localhost")
    {
        Directory.CreateDirectory(folder);
        using var certificate = Create(commonName);
        using var key = certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("Generated certificate has no RSA private key.");

        var files = new CertificateFiles(Path.Combine(folder, name + ".crt"), Path.Combine(folder, name + ".key"));
        File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem() + "\n");

        var keyOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            keyOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(files.KeyPath, keyOptions))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            writer.Write('\n');
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode only applies when the file is new; an overwritten key keeps its old mode.
            File.SetUnixFileMode(files.KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return files;
    }
}
