using System.Text;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Transport;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres.Messages;

public sealed class DataRowMessageTests
{
    /// <summary>A DataRow body: int16 count, then int32 length (-1 = NULL) and bytes per column.</summary>
    private static byte[] Row(params string?[] values)
    {
        var body = new List<byte> { (byte)(values.Length >> 8), (byte)values.Length };
        foreach (var value in values)
        {
            var bytes = value is null ? null : Encoding.UTF8.GetBytes(value);
            var length = bytes?.Length ?? -1;
            body.AddRange([(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length]);
            body.AddRange(bytes ?? []);
        }
        return [.. body];
    }

    [Fact]
    public void TryGetText_Columns_ReturnsTextAndRefusesNullOrMissing()
    {
        var row = Row("\"$user\", public", null, "张三");
        Assert.True(DataRowMessage.TryGetText(row, 0, out var first));
        Assert.Equal("\"$user\", public", first);
        Assert.False(DataRowMessage.TryGetText(row, 1, out _));
        Assert.True(DataRowMessage.TryGetText(row, 2, out var third));
        Assert.Equal("张三", third);
        Assert.False(DataRowMessage.TryGetText(row, 3, out _));
        Assert.False(DataRowMessage.TryGetText(row.AsSpan(0, 5), 0, out _));
    }

    [Fact]
    public void TryRewrite_SelectedColumns_ReplacedNullKeptOthersCopied()
    {
        using var output = new PooledBuffer();
        var ok = DataRowMessage.TryRewrite(Row("a", null, "secret"), output, "X", static (mark, column, value) => column == 0 ? null : mark + Encoding.UTF8.GetString(value).Length);

        Assert.True(ok);
        var written = output.WrittenSpan;
        Assert.Equal((byte)'D', written[0]);
        Assert.Equal(Row("a", null, "X6"), written[5..].ToArray());
    }

    [Fact]
    public void TryRewrite_TruncatedRow_False()
    {
        using var output = new PooledBuffer();
        var row = Row("abc", "def");
        Assert.False(DataRowMessage.TryRewrite(row.AsSpan(0, row.Length - 1), output, 0, static (_, _, _) => "x"));
    }
}
