using System.Buffers;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Postgres.Protocol;
using MaskingProxy.Proxy.Tests.Support;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres.Messages;

/// <summary>Bind, Describe and Close rewritten to name a statement the proxy keeps on the server.</summary>
public sealed class RenamedTargetTests
{
    [Fact]
    public void WriteRenamed_BindWithParametersAndFormats_OnlyStatementNameChanges()
    {
        var original = RawPgClient.Bind("portal1", string.Empty, "42", null, "zhang");
        var writer = new ArrayBufferWriter<byte>();

        BindMessage.WriteRenamed(original.AsSpan(5), "__mp_auto_7", writer);

        var expected = RawPgClient.Bind("portal1", "__mp_auto_7", "42", null, "zhang");
        Assert.Equal(expected, writer.WrittenSpan.ToArray());
        Assert.True(BindMessage.TryParse(writer.WrittenSpan[5..], out var parsed));
        Assert.Equal(new BindMessage("portal1", "__mp_auto_7"), parsed);
    }

    [Theory]
    [InlineData(FrontendCode.Describe, 'D')]
    [InlineData(FrontendCode.Close, 'C')]
    public void Write_StatementTarget_MatchesTheWireForm(FrontendCode code, char wireCode)
    {
        var writer = new ArrayBufferWriter<byte>();

        new TargetMessage(TargetKind.Statement, "__mp_auto_3").Write(writer, code);

        var expected = wireCode == 'D' ? RawPgClient.Describe('S', "__mp_auto_3") : RawPgClient.Close('S', "__mp_auto_3");
        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }
}
