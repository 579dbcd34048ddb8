using System.Text;
using MaskingProxy.Crypto;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;
using Org.BouncyCastle.Asn1;

namespace MaskingProxy.AuditLog.Tests.Records;

/// <summary>
/// The test vectors in docs/audit-format.md are generated here and must match the document byte
/// for byte, so the document cannot drift from the code. To regenerate after an intended format
/// change: AUDITLOG_UPDATE_DOC_VECTORS=1 dotnet test tests/AuditLog.Tests.
/// </summary>
public class DocumentationVectorTests
{
    private const string Begin = "<!-- BEGIN GENERATED VECTORS (tests/AuditLog.Tests/Records/DocumentationVectorTests.cs) -->";
    private const string End = "<!-- END GENERATED VECTORS -->";
    private const string ChainId = "0123456789abcdef0123456789abcdef";
    private const string FixedK = "3174C6FFC3C279D2422F3FC0A9F3E574674A4490FE45A5325CAF7D3EC4C8F96C";
    private static readonly DateTimeOffset T = new(2025, 11, 21, 6, 17, 0, TimeSpan.Zero);

    internal static string Generate()
    {
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');

        Line("### SM3 and HMAC-SM3");
        Line();
        Line("| input | output (hex) |");
        Line("|---|---|");
        Line($"| SM3(\"abc\") | `{Sm3.HashHex("abc")}` |");
        Line($"| SM3(\"abcd\" × 16) | `{Sm3.HashHex(string.Concat(Enumerable.Repeat("abcd", 16)))}` |");
        var key32 = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var msg112 = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 2)));
        Line($"| HMAC-SM3(key 0x01..0x20, \"abcdbcde…mnopnopq\" × 2) | `{Convert.ToHexStringLower(HmacSm3.Mac(key32, msg112))}` |");
        var key37 = Enumerable.Range(1, 37).Select(i => (byte)i).ToArray();
        Line($"| HMAC-SM3(key 0x01..0x25, 0xcd × 50) | `{Convert.ToHexStringLower(HmacSm3.Mac(key37, Enumerable.Repeat((byte)0xcd, 50).ToArray()))}` |");
        Line();

        var key = TestKeys.Signing;
        Line("### Test keys");
        Line();
        Line("- HMAC key: the 32 bytes 0x01, 0x02, …, 0x20; as a key file: `" + Convert.ToHexStringLower(TestKeys.Hmac) + "`");
        Line("- SM2 private scalar d: `" + TestKeys.SigningScalarHex.ToLowerInvariant() + "`");
        Line("- SM2 public key (uncompressed point): `" + Convert.ToHexStringLower(key.PublicKey.EncodedPoint) + "`");
        Line("- key_id: `" + key.PublicKey.KeyId + "`");
        Line();
        Line("```");
        sb.Append(key.PublicKey.ExportPem());
        Line("```");
        Line();

        var bcSignature = new Sm2Signer(key, Encoding.ASCII.GetBytes("sm2test@example.com")).Sign("hi chappy"u8, new FixedKRandom(Convert.FromHexString(FixedK)));
        var (r, s) = RS(bcSignature);
        Line("### SM2 signature (BouncyCastle's vector, user ID \"sm2test@example.com\")");
        Line();
        Line("Message `hi chappy`, d as above, k = `" + FixedK.ToLowerInvariant() + "`:");
        Line();
        Line("- r = `" + r + "`");
        Line("- s = `" + s + "`");
        Line("- DER: `" + Convert.ToHexStringLower(bcSignature) + "`");
        Line();

        using var sealer = new ChainSealer(ChainId, 1, new byte[32], TestKeys.Hmac, new Sm2Signer(key) { RandomSource = () => new FixedKRandom(Convert.FromHexString(FixedK)) });
        using var buffer = new ByteBuffer();
        sealer.Seal(new SegmentRecord { Number = 1, PrevHash = new string('0', 64) }, T, buffer);
        sealer.Seal(
            new StatementRecord
            {
                Subject = new Subject { Login = "alice", ClientAddress = "10.0.0.5", ClientPort = 51234, ApplicationName = "psql", SessionId = "s-1" },
                Database = "app",
                Protocol = "postgres",
                Action = "SELECT",
                Objects = ["public.patients.id_card"],
                Statement = "SELECT id_card FROM patients WHERE id = $1",
                StatementSm3 = Sm3.HashHex("SELECT id_card FROM patients WHERE id = 42"),
                Verdict = Verdict.Masked,
                RuleIds = ["resident-id"],
                PolicyVersion = Sm3.HashHex("version: 1\n"),
            },
            T.AddTicks(1234567),
            buffer);
        sealer.SealCheckpoint(CheckpointReason.Shutdown, T.AddSeconds(1), buffer);
        var lines = Encoding.UTF8.GetString(buffer.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Line("### A three-record chain");
        Line();
        Line($"Chain `{ChainId}`, HMAC key and SM2 key as above, checkpoint signed with k = `{FixedK.ToLowerInvariant()}`");
        Line("(real checkpoints use a fresh random k). The segment file content, one record per line:");
        Line();
        Line("```");
        foreach (var l in lines)
        {
            Line(l);
        }

        Line("```");
        Line();
        Line("Step by step (canonical = the line up to `,\"hash\"` followed by `}`):");
        Line();
        var prev = new byte[32];
        foreach (var l in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(l);
            Assert.True(SealedLineParser.TryParse(bytes, out var parsed, out _));
            var canonical = bytes.AsSpan(0, parsed.CanonicalLength).ToArray().Append((byte)'}').ToArray();
            var hash = Sm3.Hash([.. prev, .. canonical]);
            Line($"- seq {parsed.Seq}: canonical is {canonical.Length} bytes, SM3(canonical) = `{Sm3.HashHex(canonical)}`");
            Line($"  - prev_hash = `{Convert.ToHexStringLower(prev)}`");
            Line($"  - hash = SM3(prev_hash ‖ canonical) = `{Convert.ToHexStringLower(hash)}`");
            Line($"  - mac = HMAC-SM3(key, hash) = `{Convert.ToHexStringLower(HmacSm3.Mac(TestKeys.Hmac, hash))}`");
            if (parsed.HasSig)
            {
                var sig = Convert.FromHexString(bytes.AsSpan()[parsed.Sig]);
                var (cr, cs) = RS(sig);
                Assert.True(key.PublicKey.Verify(hash, sig));
                Line($"  - sig = SM2-Sign(d, ID \"1234567812345678\", M = hash bytes): r = `{cr}`, s = `{cs}`");
            }

            prev = hash;
        }

        return sb.ToString();
    }

    private static (string R, string S) RS(byte[] der)
    {
        var seq = (Asn1Sequence)Asn1Object.FromByteArray(der);
        return (((DerInteger)seq[0]).Value.ToString(16).PadLeft(64, '0'), ((DerInteger)seq[1]).Value.ToString(16).PadLeft(64, '0'));
    }

    [Fact]
    public void Document_vectors_match_the_code()
    {
        var path = RepoFiles.Path("docs/audit-format.md");
        var doc = File.ReadAllText(path);
        var begin = doc.IndexOf(Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "vector markers missing in docs/audit-format.md");
        var current = doc[(begin + Begin.Length)..end].Trim('\n');
        var generated = Generate().Trim('\n');
        if (current != generated && Environment.GetEnvironmentVariable("AUDITLOG_UPDATE_DOC_VECTORS") == "1")
        {
            File.WriteAllText(path, doc[..(begin + Begin.Length)] + "\n" + generated + "\n" + doc[end..]);
            return;
        }

        Assert.Equal(generated, current);
    }

    [Fact]
    public void Generated_vectors_repeat_the_reference_known_answers()
    {
        var text = Generate();
        Assert.Contains("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", text, StringComparison.Ordinal);
        Assert.Contains("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732", text, StringComparison.Ordinal);
        Assert.Contains("ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a", text, StringComparison.Ordinal);
        Assert.Contains("220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae", text, StringComparison.Ordinal);
        Assert.Contains("05890b9077b92e47b17a1ff42a814280e556afd92b4a98b9670bf8b1a274c2fa", text, StringComparison.Ordinal);
        Assert.Contains("e3abbb8db2b6ecd9b24eccea7f679fb9a4b1db52f4aa985e443ad73237fa1993", text, StringComparison.Ordinal);
    }

    [OpenSslFact]
    public void OpenSsl_agrees_with_the_vector_chain()
    {
        // An independent implementation recomputes the second record's hash and checks the checkpoint signature.
        using var dir = new TempDirectory();
        var text = Generate();
        var jsonLines = text.Split("```\n")[3].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, jsonLines.Length);

        var first = AuditRecordParser.Parse(jsonLines[0]);
        var second = Encoding.UTF8.GetBytes(jsonLines[1]);
        Assert.True(SealedLineParser.TryParse(second, out var parsed, out _));
        File.WriteAllBytes(dir.Combine("in"), [.. Convert.FromHexString(first.Hash), .. second.AsSpan(0, parsed.CanonicalLength), (byte)'}']);
        var (code, output) = OpenSsl.Run($"dgst -sm3 -r {dir.Combine("in")}", null);
        Assert.Equal(0, code);
        Assert.StartsWith(AuditRecordParser.Parse(jsonLines[1]).Hash, output, StringComparison.Ordinal);

        var checkpoint = AuditRecordParser.Parse(jsonLines[2]);
        File.WriteAllText(dir.Combine("pub.pem"), TestKeys.Signing.PublicKey.ExportPem());
        File.WriteAllBytes(dir.Combine("msg"), Convert.FromHexString(checkpoint.Hash));
        File.WriteAllBytes(dir.Combine("sig"), Convert.FromHexString(checkpoint.Signature!));
        var (verify, verifyOutput) = OpenSsl.Run(
            $"pkeyutl -verify -pubin -inkey {dir.Combine("pub.pem")} -in {dir.Combine("msg")} -sigfile {dir.Combine("sig")} -rawin -digest sm3 -pkeyopt distid:1234567812345678",
            null);
        Assert.True(verify == 0, verifyOutput);
    }
}
