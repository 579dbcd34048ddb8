using MaskingProxy.Proxy.Postgres;
using MaskingProxy.Proxy.Tests.Support;
using MaskingProxy.Proxy.Transport;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Transport;

public sealed class MessageFramerTests
{
    private static readonly byte[] Stream = [
        .. RawPgClient.Parse("s", "select 1"), .. RawPgClient.Sync(),
        .. RawPgClient.Message('d', new byte[300]), .. RawPgClient.Query("select 2"),
    ];

    [Fact]
    public void Next_SplitAtEveryByte_SameWholeMessagesAndStreamedBytes()
    {
        for (var split = 0; split <= Stream.Length; split++)
        {
            var (messages, forwarded) = Frame([Stream[..split], Stream[split..]]);

            // COPY data arriving whole is handed out whole; split, it streams through instead.
            Assert.Equal("P,S,Q", string.Join(",", messages.Where(m => m != 'd')));
            // Every byte is either forwarded by the framer (streamed COPY data) or handed out as
            // part of a whole message; nothing is lost or duplicated.
            Assert.Equal(Stream.Length, forwarded);
        }
    }

    [Fact]
    public void Next_HeaderSplit_AsksForHeaderThenWholeMessage()
    {
        using var plan = new ForwardPlan();
        var framer = NewFramer();
        var sync = RawPgClient.Sync();
        var offset = 0;
        plan.Begin(sync.AsMemory(0, 3));

        Assert.False(framer.Next(sync.AsSpan(0, 3), ref offset, plan, out _, out _, out var needed));
        Assert.Equal(5, needed);
        Assert.Equal(0, offset);
    }

    [Fact]
    public void Next_BadLength_ThrowsProtocolViolation()
    {
        using var plan = new ForwardPlan();
        var framer = NewFramer();
        byte[] bad = [(byte)'Q', 0, 0, 0, 3];
        var offset = 0;
        plan.Begin(bad);

        Assert.Throws<ProtocolViolationException>(() => framer.Next(bad, ref offset, plan, out _, out _, out _));
    }

    private static MessageFramer NewFramer() => new(
        static (code, _) => code == (byte)'d',
        static (_, length) =>
        {
            if (length < 4)
            {
                throw new ProtocolViolationException("bad length");
            }
        });

    /// <summary>Feeds chunks like a pump does: leftover bytes carry over into the next read.</summary>
    private static (List<char> Messages, int Forwarded) Frame(byte[][] chunks)
    {
        var framer = NewFramer();
        using var plan = new ForwardPlan();
        var messages = new List<char>();
        var forwarded = 0;
        var buffer = Array.Empty<byte>();
        foreach (var chunk in chunks)
        {
            buffer = [.. buffer, .. chunk];
            plan.Begin(buffer);
            var offset = 0;
            while (framer.Next(buffer, ref offset, plan, out var code, out var total, out _))
            {
                messages.Add((char)code);
                plan.Pass(offset, total);
                offset += total;
            }
            forwarded += plan.Result.Length;
            buffer = buffer[offset..];
        }
        return (messages, forwarded);
    }
}
