using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Tests.Support;
using MaskingProxy.Proxy.Transport;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres.Messages;

/// <summary>
/// Parsers are Try* functions over spans: every truncation of a valid message must be rejected
/// (never throw, never read past the end), and valid messages must round-trip.
/// </summary>
public sealed class MessageParserTests
{
    [Fact]
    public void StartupMessage_EveryTruncation_RejectedWithoutThrowing()
    {
        var packet = RawPgClient.Startup("alice", "app");
        Assert.True(StartupMessage.TryParse(packet, out var full, out _));
        Assert.Equal("alice", full!.User);
        Assert.Equal("app", full.Database);

        for (var length = 0; length < packet.Length; length++)
        {
            Assert.False(StartupMessage.TryParse(packet.AsSpan(0, length), out _, out var error), $"prefix {length}");
            Assert.NotNull(error);
        }
    }

    [Fact]
    public void StartupMessage_NoDatabase_DefaultsToUser()
    {
        byte[] packet = [.. RawPgClient.Int32(4 + 4 + 5 + 6 + 1), .. RawPgClient.Int32(196608), .. RawPgClient.CString("user"), .. RawPgClient.CString("carol"), 0];

        Assert.True(StartupMessage.TryParse(packet, out var message, out _));

        Assert.Equal("carol", message!.Database);
        Assert.Null(message.ApplicationName);
    }

    [Fact]
    public void ParseMessage_RoundTripAndEveryTruncation()
    {
        var original = new ParseMessage("stmt", "select $1::int, $2", [23, 25]);
        using var buffer = new PooledBuffer();
        original.Write(buffer);
        var body = buffer.WrittenSpan[5..].ToArray();

        Assert.True(ParseMessage.TryParse(body, out var parsed));
        Assert.Equal(original.StatementName, parsed.StatementName);
        Assert.Equal(original.Query, parsed.Query);
        Assert.Equal(original.ParameterTypes, parsed.ParameterTypes);
        for (var length = 0; length < body.Length; length++)
        {
            Assert.False(ParseMessage.TryParse(body.AsSpan(0, length), out _), $"prefix {length}");
        }
    }

    [Fact]
    public void ParseMessage_StatementNameOnly_SameLayoutChecksAsTryParse()
    {
        using var buffer = new PooledBuffer();
        new ParseMessage("stmt", "select $1::int", [23]).Write(buffer);
        var body = buffer.WrittenSpan[5..].ToArray();

        Assert.True(ParseMessage.TryReadStatementName(body, out var name));
        Assert.Equal("stmt", name);
        for (var length = 0; length < body.Length; length++)
        {
            Assert.False(ParseMessage.TryReadStatementName(body.AsSpan(0, length), out _), $"prefix {length}");
        }
        Assert.False(ParseMessage.TryReadStatementName([0, .. RawPgClient.CString("select 1"), 0xFF, 0xFF], out _));
    }

    [Theory]
    [InlineData("select 1\0", true)]
    [InlineData("\0", true)]
    [InlineData("select 1", false)]
    [InlineData("a\0b\0", false)]
    [InlineData("", false)]
    public void QueryMessage_IsWellFormed_OneTerminatedStringFillingTheBody(string body, bool wellFormed) =>
        Assert.Equal(wellFormed, QueryMessage.IsWellFormed(System.Text.Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void ParseMessage_NegativeParameterCount_Rejected()
    {
        byte[] body = [0, .. RawPgClient.CString("select 1"), 0xFF, 0xFF];

        Assert.False(ParseMessage.TryParse(body, out _));
    }

    [Fact]
    public void ErrorResponse_WriteThenParse_FieldsKept()
    {
        using var buffer = new PooledBuffer();
        ErrorResponseMessage.Write(buffer, "ERROR", "42501", "permission denied: 张三", "detail");
        var body = buffer.WrittenSpan[5..].ToArray();

        Assert.True(ErrorResponseMessage.TryParse(body, out var error));
        Assert.Equal("42501", error!.SqlState);
        Assert.Equal("permission denied: 张三", error.Message);
        Assert.Equal("detail", error.Get(ErrorField.Detail));
        for (var length = 0; length < body.Length; length++)
        {
            Assert.False(ErrorResponseMessage.TryParse(body.AsSpan(0, length), out _), $"prefix {length}");
        }
    }

    [Fact]
    public void SaslMechanisms_ParseAndRewrite_WithoutPlus()
    {
        using var buffer = new PooledBuffer();
        AuthenticationMessage.WriteSasl(buffer, ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"]);
        var body = buffer.WrittenSpan[5..].ToArray();

        Assert.True(AuthenticationMessage.TryParseCode(body, out var code));
        Assert.Equal(AuthenticationCode.Sasl, code);
        Assert.True(AuthenticationMessage.TryParseMechanisms(body, out var mechanisms));
        Assert.Equal(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"], mechanisms);
        Assert.False(AuthenticationMessage.TryParseMechanisms(body.AsSpan(0, body.Length - 1), out _));
    }

    [Fact]
    public void SaslInitialResponse_ChannelBindingFlag_Read()
    {
        var data = "y,,n=,r=abc"u8.ToArray();
        byte[] body = [.. RawPgClient.CString("SCRAM-SHA-256"), .. RawPgClient.Int32(data.Length), .. data];

        Assert.True(SaslInitialResponseMessage.TryParse(body, out var message));
        Assert.Equal('y', message.ChannelBindingFlag);
        Assert.False(SaslInitialResponseMessage.TryParse([.. RawPgClient.CString("SCRAM-SHA-256"), .. RawPgClient.Int32(100), 1], out _));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'I' }, true)]
    [InlineData(new byte[] { (byte)'T' }, true)]
    [InlineData(new byte[] { (byte)'E' }, true)]
    [InlineData(new byte[] { (byte)'X' }, false)]
    [InlineData(new byte[] { }, false)]
    [InlineData(new byte[] { (byte)'I', 0 }, false)]
    public void ReadyForQuery_Status_OnlyValidAccepted(byte[] body, bool valid) =>
        Assert.Equal(valid, ReadyForQueryMessage.TryParse(body, out _));

    [Fact]
    public void TargetAndBind_Truncations_Rejected()
    {
        byte[] close = [(byte)'S', .. RawPgClient.CString("name")];
        Assert.True(TargetMessage.TryParse(close, out var target));
        Assert.Equal(TargetKind.Statement, target.Kind);
        Assert.False(TargetMessage.TryParse(close.AsSpan(0, close.Length - 1), out _));

        var bind = RawPgClient.Bind("portal", "stmt", "v")[5..];
        Assert.True(BindMessage.TryParse(bind, out var parsed));
        Assert.Equal(("portal", "stmt"), (parsed.PortalName, parsed.StatementName));
        Assert.False(BindMessage.TryParse(bind.AsSpan(0, 8), out _));
    }
}
