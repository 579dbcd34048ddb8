using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Log;

/// <summary>
/// Sync-mode segment files append inside reserved space with O_DIRECT, rewriting the partial block
/// they share with earlier appends; the file must read back exactly as page-cache writes leave it.
/// </summary>
public sealed class DirectAppenderTests
{
    private const int Reserved = 1 << 20;

    [Fact]
    public void Write_UnalignedAppendsInsideReservedSpace_FileHoldsExactlyTheAppendsThenZeros()
    {
        using var dir = new TempDirectory();
        var expected = new MemoryStream();
        var random = new Random(7);
        using (var file = OpenReserved(dir.Combine("s"), Reserved))
        {
            long at = 0;
            // Sizes straddle block boundaries, land exactly on them, and one exceeds the 256 KiB buffer.
            foreach (var size in new[] { 1, 400, 3695, 4096, 5000, 1, 8191, 300_000, 77, 4096 - 77 - 4 })
            {
                var data = Bytes(random, size);
                file.Write(data, at);
                expected.Write(data);
                at += size;
            }

            file.Flush();
            Assert.Equal(Reserved, file.Length);
            Assert.Equal(10, file.DirectWrites);
        }

        AssertContent(dir.Combine("s"), expected.ToArray(), Reserved);
    }

    [Fact]
    public void Write_PastTheEndOfTheFile_GoesThroughThePageCacheWithoutPadding()
    {
        using var dir = new TempDirectory();
        using (var file = OpenReserved(dir.Combine("s"), 0))
        {
            file.Write("one line\n"u8, 0);
            file.Write("two\n"u8, 9);
            file.Flush();
            Assert.Equal(13, file.Length);
            Assert.Equal(0, file.DirectWrites);
        }

        Assert.Equal("one line\ntwo\n", File.ReadAllText(dir.Combine("s")));
    }

    [Fact]
    public void Write_AfterTruncationInsideTheTailBlock_RewritesFromTheNewEnd()
    {
        using var dir = new TempDirectory();
        var random = new Random(11);
        var first = Bytes(random, 5000);
        var second = Bytes(random, 2500);
        using (var file = OpenReserved(dir.Combine("s"), Reserved))
        {
            file.Write(first, 0);
            file.SetLength(4500);                 // a failed batch is cut back (recovery)
            file.Reserve(4500, Reserved);
            file.Write(second, 4500);
            file.Flush();
            Assert.Equal(2, file.DirectWrites);
        }

        AssertContent(dir.Combine("s"), [.. first.AsSpan(0, 4500), .. second], Reserved);
    }

    [Fact]
    public void Write_OverEarlierData_GoesThroughThePageCacheAndKeepsTheRest()
    {
        using var dir = new TempDirectory();
        var random = new Random(13);
        var head = Bytes(random, 10_000);
        var patch = Bytes(random, 3000);
        using (var file = OpenReserved(dir.Combine("s"), Reserved))
        {
            file.Write(head, 0);
            file.Write(patch, 6000);              // padding would zero head[9000..10000): not direct
            file.Flush();
            Assert.Equal(1, file.DirectWrites);
        }

        var expected = head.ToArray();
        patch.CopyTo(expected, 6000);
        AssertContent(dir.Combine("s"), expected, Reserved);
    }

    [Fact]
    public void Write_MixedWithPageCacheWrites_ReadsBackTheLatestBytes()
    {
        using var dir = new TempDirectory();
        var random = new Random(17);
        var a = Bytes(random, 3000);
        var b = Bytes(random, 2000);
        var c = Bytes(random, 1500);
        using (var file = OpenReserved(dir.Combine("s"), 8192))
        {
            file.Write(a, 0);                     // direct
            file.Write(b, 3000);                  // direct: ends at 5000, inside the 8 KiB file
            file.Write(c, 7000);                  // would pad to 12288: page cache, file grows to 8500
            file.Write(b.AsSpan(0, 1000), 5000);  // padding would zero c: page cache
            file.SetLength(6000);
            file.Reserve(6000, 12288);
            file.Write(c, 6000);                  // zeros from 6000 on again: direct, after reading its block
            file.Flush();
            Assert.Equal(12288, file.Length);
            Assert.Equal(3, file.DirectWrites);
        }

        var bytes = File.ReadAllBytes(dir.Combine("s"));
        Assert.Equal(a, bytes[..3000]);
        Assert.Equal(b, bytes[3000..5000]);
        Assert.Equal(b[..1000], bytes[5000..6000]);
        Assert.Equal(c, bytes[6000..7500]);
        Assert.All(bytes[7500..], x => Assert.Equal(0, x));
    }

    private static PhysicalFile OpenReserved(string path, int reserve)
    {
        var file = (PhysicalFile)PhysicalFileSystem.DirectAppends.Open(path, create: true);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(file.WritesDirect, "O_DIRECT open failed on the test file system");
        }

        if (reserve > 0)
        {
            file.Reserve(0, reserve);
        }

        return file;
    }

    private static byte[] Bytes(Random random, int size)
    {
        var data = new byte[size];
        random.NextBytes(data);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] |= 1; // no zero bytes, like JSON lines
        }

        return data;
    }

    private static void AssertContent(string path, byte[] expected, int length)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(length, bytes.Length);
        Assert.Equal(expected, bytes[..expected.Length]);
        Assert.DoesNotContain((byte)0, expected);
        Assert.Equal(-1, Array.FindIndex(bytes, expected.Length, b => b != 0));
    }
}
