using PemEncoding = System.Security.Cryptography.PemEncoding;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC;

using MaskingProxy.Crypto;

namespace MaskingProxy.AuditLog.Crypto;

/// <summary>
/// An SM2 public key on sm2p256v1. Encoded as X.509 SubjectPublicKeyInfo
/// (algorithm id-ecPublicKey 1.2.840.10045.2.1, namedCurve sm2p256v1 1.2.156.10197.1.301,
/// uncompressed point) in a "PUBLIC KEY" PEM block: the same form OpenSSL 3 writes.
/// </summary>
public sealed class Sm2PublicKey
{
    internal Sm2PublicKey(ECPoint point)
    {
        Point = Sm2Domain.Parameters.ValidatePublicPoint(point.Normalize());
        Parameters = new ECPublicKeyParameters("EC", Point, Sm2Domain.Parameters);
        SubjectPublicKeyInfo = new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, Sm2Domain.CurveOid),
            Point.GetEncoded(false)).GetDerEncoded();
        KeyId = Convert.ToHexStringLower(Sm3.Hash(SubjectPublicKeyInfo).AsSpan(0, 8));
    }

    internal ECPoint Point { get; }

    internal ECPublicKeyParameters Parameters { get; }

    /// <summary>DER SubjectPublicKeyInfo.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>
    /// Short identifier written into checkpoints: the first 8 bytes of SM3(SubjectPublicKeyInfo DER),
    /// lowercase hex. Lets a verifier tell "signed with another key" from "signature forged".
    /// </summary>
    public string KeyId { get; }

    /// <summary>Uncompressed point 04 || x || y (65 bytes).</summary>
    public byte[] EncodedPoint => Point.GetEncoded(false);

    /// <summary>Builds a key from an encoded point (04||x||y or compressed).</summary>
    public static Sm2PublicKey FromEncodedPoint(ReadOnlySpan<byte> encoded)
    {
        try
        {
            return new Sm2PublicKey(Sm2Domain.Parameters.Curve.DecodePoint(encoded.ToArray()));
        }
        catch (ArgumentException ex)
        {
            throw new AuditKeyException("Not a valid sm2p256v1 point.", ex);
        }
    }

    /// <summary>Parses a DER SubjectPublicKeyInfo; the curve must be sm2p256v1.</summary>
    public static Sm2PublicKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> der)
    {
        try
        {
            var info = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(der.ToArray()));
            RequireSm2Algorithm(info.AlgorithmID);
            return FromEncodedPoint(info.PublicKeyData.GetBytes());
        }
        catch (Exception ex) when (ex is not AuditKeyException)
        {
            throw new AuditKeyException("Malformed SM2 public key (expected SubjectPublicKeyInfo).", ex);
        }
    }

    /// <summary>Parses a "PUBLIC KEY" PEM block.</summary>
    public static Sm2PublicKey FromPem(string pem) => FromSubjectPublicKeyInfo(PemText.Decode(pem, "PUBLIC KEY"));

    /// <summary>"PUBLIC KEY" PEM text (SubjectPublicKeyInfo), LF line endings.</summary>
    public string ExportPem() => new string(PemEncoding.Write("PUBLIC KEY", SubjectPublicKeyInfo)) + "\n";

    /// <summary>
    /// Verifies an SM2 signature (DER SEQUENCE{r,s}) over <paramref name="message"/> with the
    /// given user ID (default "1234567812345678"). Malformed signatures verify as false.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> derSignature, ReadOnlySpan<byte> userId = default)
        => Sm2Signer.Verify(this, message, derSignature, userId);

    internal static void RequireSm2Algorithm(AlgorithmIdentifier algorithm)
    {
        if (!algorithm.Algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            throw new AuditKeyException($"Key algorithm {algorithm.Algorithm.Id} is not id-ecPublicKey.");
        }

        var curve = algorithm.Parameters as DerObjectIdentifier;
        if (curve is null || !curve.Equals(Sm2Domain.CurveOid))
        {
            throw new AuditKeyException("Key curve is not sm2p256v1 (1.2.156.10197.1.301).");
        }
    }
}
