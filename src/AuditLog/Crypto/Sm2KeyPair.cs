using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace MaskingProxy.AuditLog.Crypto;

/// <summary>
/// An SM2 private key with its public key. Private keys are exported as PKCS#8 PrivateKeyInfo
/// (id-ecPublicKey + namedCurve sm2p256v1, SEC1 ECPrivateKey inside) in a "PRIVATE KEY" PEM block,
/// which OpenSSL 3 reads and writes (<c>openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2</c>).
/// SEC1 "EC PRIVATE KEY" blocks with the sm2p256v1 OID are accepted on import.
/// </summary>
public sealed class Sm2KeyPair
{
    private Sm2KeyPair(BigInteger d)
    {
        var n = Sm2Domain.Parameters.N;

        // SM2 signing computes (1 + d)^-1 mod n, so d must lie in [1, n - 2].
        if (d.SignValue <= 0 || d.CompareTo(n.Subtract(BigInteger.Two)) > 0)
        {
            throw new AuditKeyException("SM2 private scalar out of range.");
        }

        PrivateKey = new ECPrivateKeyParameters("EC", d, Sm2Domain.Parameters);
        PublicKey = new Sm2PublicKey(new FixedPointCombMultiplier().Multiply(Sm2Domain.Parameters.G, d));
    }

    /// <summary>The public half.</summary>
    public Sm2PublicKey PublicKey { get; }

    internal ECPrivateKeyParameters PrivateKey { get; }

    /// <summary>Generates a fresh key pair from the OS CSPRNG.</summary>
    public static Sm2KeyPair Generate()
    {
        var n = Sm2Domain.Parameters.N;
        Span<byte> buffer = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(buffer);
            var d = new BigInteger(1, buffer.ToArray());
            if (d.SignValue > 0 && d.CompareTo(n.Subtract(BigInteger.Two)) <= 0)
            {
                CryptographicOperations.ZeroMemory(buffer);
                return new Sm2KeyPair(d);
            }
        }
    }

    /// <summary>Builds a key pair from a big-endian private scalar (test vectors).</summary>
    public static Sm2KeyPair FromPrivateScalar(ReadOnlySpan<byte> d) => new(new BigInteger(1, d.ToArray()));

    /// <summary>Parses PKCS#8 "PRIVATE KEY" (or SEC1 "EC PRIVATE KEY") PEM text.</summary>
    public static Sm2KeyPair FromPem(string pem)
    {
        var label = PemText.Label(pem);
        var der = PemText.Decode(pem, "PRIVATE KEY", "EC PRIVATE KEY");
        try
        {
            if (label == "EC PRIVATE KEY")
            {
                var sec1 = ECPrivateKeyStructure.GetInstance(Asn1Object.FromByteArray(der));
                if (sec1.GetParameters() is not DerObjectIdentifier oid || !oid.Equals(Sm2Domain.CurveOid))
                {
                    throw new AuditKeyException("EC PRIVATE KEY curve is not sm2p256v1.");
                }

                return new Sm2KeyPair(sec1.GetKey());
            }

            return FromPkcs8(der);
        }
        catch (Exception ex) when (ex is not AuditKeyException)
        {
            throw new AuditKeyException("Malformed SM2 private key.", ex);
        }
    }

    /// <summary>Parses DER PKCS#8 PrivateKeyInfo.</summary>
    public static Sm2KeyPair FromPkcs8(byte[] der)
    {
        try
        {
            var info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
            Sm2PublicKey.RequireSm2Algorithm(info.PrivateKeyAlgorithm);
            return new Sm2KeyPair(ECPrivateKeyStructure.GetInstance(info.ParsePrivateKey()).GetKey());
        }
        catch (Exception ex) when (ex is not AuditKeyException)
        {
            throw new AuditKeyException("Malformed SM2 private key (expected PKCS#8 PrivateKeyInfo).", ex);
        }
    }

    /// <summary>DER PKCS#8 PrivateKeyInfo.</summary>
    public byte[] ExportPkcs8()
    {
        // Built by hand rather than with PrivateKeyInfoFactory, which in 1.8.10 writes the explicit
        // curve parameters here; we want exactly what OpenSSL writes: the namedCurve OID in the
        // AlgorithmIdentifier and an ECPrivateKey with the public key but no parameters field.
        var inner = new ECPrivateKeyStructure(256, PrivateKey.D, new DerBitString(PublicKey.EncodedPoint), null);
        var algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, Sm2Domain.CurveOid);
        return new PrivateKeyInfo(algorithm, inner).GetDerEncoded();
    }

    /// <summary>"PRIVATE KEY" PEM text (PKCS#8), LF line endings.</summary>
    public string ExportPem()
    {
        var der = ExportPkcs8();
        try
        {
            return new string(PemEncoding.Write("PRIVATE KEY", der)) + "\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }
}
