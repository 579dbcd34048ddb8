using System.Text;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Shipping;

public sealed class LastLineTests
{
    [Fact]
    public void Finds_lines_longer_than_the_first_window_and_ignores_a_torn_tail()
    {
        using var dir = new TempDirectory();
        using var sealer = new ChainSealer("test-chain", 1, new byte[32], TestKeys.Hmac, null);
        using var output = new ByteBuffer();
        sealer.Seal(Samples.Statement(), Samples.Time, output);
        var firstEnd = output.Length;
        var wide = Samples.Statement(objects: [.. Enumerable.Range(0, 200).Select(i => $"public.t{i}." + new string('c', 480))]);
        sealer.Seal(wide, Samples.Time, output);
        Assert.True(output.Length - firstEnd > 64 * 1024);
        var path = dir.Combine(SegmentNames.Format(1));
        File.WriteAllBytes(path, [.. output.Span, .. Encoding.UTF8.GetBytes("{\"torn")]);

        Assert.Equal(2, LastLine.HeadSeq(dir.Path));
        Assert.Equal(("test-chain", 1L), LastLine.EndingAt(path, firstEnd));
        Assert.Equal(("test-chain", 2L), LastLine.EndingAt(path, output.Length));
        Assert.Null(LastLine.EndingAt(path, firstEnd - 1));
    }
}
