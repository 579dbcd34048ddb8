using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Shipping;

public sealed class PositionStoreTests
{
    [Fact]
    public void Saves_and_loads_a_position()
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("p.position");
        var store = new PositionStore(file);
        Assert.Null(store.Load(out var none));
        Assert.Null(none);

        var position = new ShipperPosition("audit-000003.jsonl", 12345, 678, "0123456789abcdef");
        store.Save(position);
        store.Save(position with { Offset = 23456, Seq = 700 });
        Assert.Equal(position with { Offset = 23456, Seq = 700 }, store.Load(out _));
        Assert.Equal("""{"segment":"audit-000003.jsonl","offset":23456,"seq":700,"chain":"0123456789abcdef"}""", File.ReadAllText(file));
        Assert.Equal(["p.position"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("{\"segment\":")]
    [InlineData("{\"segment\":\"../../etc/passwd\",\"offset\":1,\"seq\":1}")]
    [InlineData("{\"segment\":\"audit-000001.jsonl\",\"offset\":-5,\"seq\":1}")]
    [InlineData("null")]
    public void An_invalid_file_means_start_over(string content)
    {
        using var dir = new TempDirectory();
        var file = dir.Combine("p.position");
        var store = new PositionStore(file);
        File.WriteAllText(file, content);
        Assert.Null(store.Load(out var problem));
        Assert.Contains("starts over", problem, StringComparison.Ordinal);
    }
}
