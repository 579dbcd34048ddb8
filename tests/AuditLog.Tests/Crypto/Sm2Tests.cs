using System.Text;
using MaskingProxy.Crypto;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Tests.Support;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Math;

namespace MaskingProxy.AuditLog.Tests.Crypto;

public class Sm2Tests
{
    // BouncyCastle's SM2SignerTest vector on sm2p256v1 (REFERENCE.md).
    private const string D = "110E7973206F68C19EE5F7328C036F26911C8C73B4E4F36AE3291097F8984FFC";
    private const string K = "3174C6FFC3C279D2422F3FC0A9F3E574674A4490FE45A5325CAF7D3EC4C8F96C";
    private const string R = "05890B9077B92E47B17A1FF42A814280E556AFD92B4A98B9670BF8B1A274C2FA";
    private const string S = "E3ABBB8DB2B6ECD9B24ECCEA7F679FB9A4B1DB52F4AA985E443AD73237FA1993";
    private static readonly byte[] VectorId = Encoding.ASCII.GetBytes("sm2test@example.com");
    private static readonly byte[] VectorMessage = Encoding.ASCII.GetBytes("hi chappy");

    private static byte[] Der(string r, string s)
        => new DerSequence(new DerInteger(new BigInteger(r, 16)), new DerInteger(new BigInteger(s, 16))).GetDerEncoded();

    [Fact]
    public void Known_answer_with_fixed_k()
    {
        var key = Sm2KeyPair.FromPrivateScalar(Convert.FromHexString(D));
        var signer = new Sm2Signer(key, VectorId);
        var signature = signer.Sign(VectorMessage, new FixedKRandom(Convert.FromHexString(K)));
        Assert.Equal(Der(R, S), signature);
    }

    [Fact]
    public void Known_answer_verifies_against_public_key_derived_from_d()
    {
        var key = Sm2KeyPair.FromPrivateScalar(Convert.FromHexString(D));
        Assert.True(key.PublicKey.Verify(VectorMessage, Der(R, S), VectorId));
        Assert.False(key.PublicKey.Verify("hi chappy!"u8, Der(R, S), VectorId));
        Assert.False(key.PublicKey.Verify(VectorMessage, Der(R, S)), "default user ID gives a different Z_A");
    }

    [Fact]
    public void Signing_many_messages_with_one_wrapper_verifies_every_signature()
    {
        // Guards against BouncyCastle 1.8.10's SM2Signer not restoring Z_A after GenerateSignature:
        // a reused BC instance produces signatures that stop verifying from the second one on.
        var key = Sm2KeyPair.Generate();
        var signer = new Sm2Signer(key);
        for (var i = 0; i < 40; i++)
        {
            var message = Sm3.Hash(Encoding.ASCII.GetBytes("checkpoint " + i));
            var signature = signer.Sign(message);
            Assert.True(key.PublicKey.Verify(message, signature), $"signature {i} does not verify");
        }
    }

    [Fact]
    public void Tampered_or_garbage_signatures_do_not_verify()
    {
        var key = Sm2KeyPair.Generate();
        var signature = new Sm2Signer(key).Sign("m"u8);
        var flipped = (byte[])signature.Clone();
        flipped[^1] ^= 1;
        Assert.False(key.PublicKey.Verify("m"u8, flipped));
        Assert.False(key.PublicKey.Verify("m"u8, [1, 2, 3]));
        Assert.False(key.PublicKey.Verify("m"u8, []));
        Assert.False(Sm2KeyPair.Generate().PublicKey.Verify("m"u8, signature));
    }

    [Fact]
    public void Pem_round_trip_keeps_the_key_and_names_the_sm2_curve()
    {
        var key = Sm2KeyPair.Generate();
        var privatePem = key.ExportPem();
        var publicPem = key.PublicKey.ExportPem();
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", privatePem, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", publicPem, StringComparison.Ordinal);

        var again = Sm2KeyPair.FromPem(privatePem);
        Assert.Equal(key.PublicKey.EncodedPoint, again.PublicKey.EncodedPoint);
        var publicAgain = Sm2PublicKey.FromPem(publicPem);
        Assert.Equal(key.PublicKey.KeyId, publicAgain.KeyId);
        Assert.Equal(16, publicAgain.KeyId.Length);

        // The sm2p256v1 OID 1.2.156.10197.1.301 in DER: 06 08 2A 81 1C CF 55 01 82 2D.
        var oid = Convert.FromHexString("06082A811CCF5501822D");
        Assert.True(key.PublicKey.SubjectPublicKeyInfo.AsSpan().IndexOf(oid) > 0);
        Assert.True(key.ExportPkcs8().AsSpan().IndexOf(oid) > 0);

        var signature = new Sm2Signer(again).Sign("x"u8);
        Assert.True(publicAgain.Verify("x"u8, signature));
    }

    [Fact]
    public void Keys_on_other_curves_are_rejected()
    {
        using var p256 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        Assert.Throws<AuditKeyException>(() => Sm2PublicKey.FromPem(p256.ExportSubjectPublicKeyInfoPem()));
        Assert.Throws<AuditKeyException>(() => Sm2KeyPair.FromPem(p256.ExportPkcs8PrivateKeyPem()));
        Assert.Throws<AuditKeyException>(() => Sm2KeyPair.FromPem("not pem"));
    }

    [OpenSslFact]
    public void OpenSsl_verifies_our_signature_and_reads_our_keys()
    {
        using var dir = new TempDirectory();
        var key = Sm2KeyPair.Generate();
        File.WriteAllText(dir.Combine("pub.pem"), key.PublicKey.ExportPem());
        File.WriteAllText(dir.Combine("priv.pem"), key.ExportPem());
        var message = Sm3.Hash("chain head"u8);
        File.WriteAllBytes(dir.Combine("msg"), message);
        File.WriteAllBytes(dir.Combine("sig"), new Sm2Signer(key).Sign(message));

        var (code, output) = OpenSsl.Run(
            $"pkeyutl -verify -pubin -inkey {dir.Combine("pub.pem")} -in {dir.Combine("msg")} -sigfile {dir.Combine("sig")} -rawin -digest sm3 -pkeyopt distid:1234567812345678",
            null);
        Assert.True(code == 0, output);

        var (pkeyCode, pubFromPrivate) = OpenSsl.Run($"pkey -in {dir.Combine("priv.pem")} -pubout", null);
        Assert.True(pkeyCode == 0, pubFromPrivate);
        Assert.Equal(key.PublicKey.ExportPem().Trim(), pubFromPrivate);
    }

    [OpenSslFact]
    public void We_verify_an_OpenSsl_signature_and_read_its_keys()
    {
        using var dir = new TempDirectory();
        var priv = dir.Combine("k.pem");
        Assert.Equal(0, OpenSsl.Run($"genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2 -out {priv}", null).ExitCode);
        File.WriteAllText(dir.Combine("msg"), "hello");
        var (code, output) = OpenSsl.Run(
            $"pkeyutl -sign -inkey {priv} -in {dir.Combine("msg")} -out {dir.Combine("sig")} -rawin -digest sm3 -pkeyopt distid:1234567812345678",
            null);
        Assert.True(code == 0, output);

        var key = Sm2KeyPair.FromPem(File.ReadAllText(priv));
        Assert.True(key.PublicKey.Verify("hello"u8, File.ReadAllBytes(dir.Combine("sig"))));
    }
}
