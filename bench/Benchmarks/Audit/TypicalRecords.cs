using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.Benchmarks.Audit;

/// <summary>A typical statement record (~780-byte line, the size the performance notes quote) and the keys to seal it.</summary>
internal static class TypicalRecords
{
    public static readonly KeyMaterial Keys = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), Sm2KeyPair.Generate());

    public static StatementRecord Statement(int i = 0) => new()
    {
        Subject = new Subject { Login = "orders_app", ClientAddress = "10.20.30.40", ClientPort = 40000 + (i % 20000), ApplicationName = "orders-service/2.14.1", SessionId = "s-" + (i % 512).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) },
        Database = "hospital",
        Protocol = "postgres",
        Action = "SELECT",
        Objects = ["public.patients.id_card", "public.patients.full_name", "public.patients.phone", "public.visits.visited_at"],
        Statement = "SELECT p.id, p.full_name, p.id_card, p.phone, p.address, v.visited_at, v.department FROM public.patients p JOIN public.visits v ON v.patient_id = p.id WHERE v.visited_at >= $1 AND p.ward = $2 AND v.department IN ($3, $4) ORDER BY v.visited_at DESC LIMIT $5",
        StatementSm3 = "59aae05742a66b00b35958725705aac69af61c70accacfa0649b2442a16b9200",
        Verdict = Verdict.Masked,
        RuleIds = ["resident-id", "person-name", "phone-number"],
        PolicyVersion = "9645b11b9c03b57867c184b9fb6d7b221a7ba357c6e31b10fbb188f526baff04",
    };

    /// <summary>Length of a sealed typical line, for reporting.</summary>
    public static int LineLength()
    {
        using var sealer = new ChainSealer("0123456789abcdef0123456789abcdef", 1, new byte[32], Keys.HmacKey, null);
        using var buffer = new ByteBuffer();
        sealer.Seal(Statement(), DateTimeOffset.UtcNow, buffer);
        return buffer.Length;
    }
}
