using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;

namespace MaskingProxy.AuditLog.Crypto;

/// <summary>
/// The sm2p256v1 domain. BouncyCastle 1.8.10 offers the curve twice: <c>GMNamedCurves</c> builds a
/// generic <c>FpCurve</c> (about 1.5 ms per scalar multiplication) while <c>CustomNamedCurves</c>
/// uses the specialised SM2P256V1 field arithmetic (about 0.17 ms). We always compute on the custom
/// curve and label it with the standard OID so encoded keys carry namedCurve 1.2.156.10197.1.301.
/// </summary>
internal static class Sm2Domain
{
    public static readonly DerObjectIdentifier CurveOid = GMObjectIdentifiers.sm2p256v1;

    public static readonly ECNamedDomainParameters Parameters =
        new(CurveOid, CustomNamedCurves.GetByOid(CurveOid) ?? throw new InvalidOperationException("sm2p256v1 missing"));
}
