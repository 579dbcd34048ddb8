using MaskingProxy.AuditLog.Shipping;

namespace MaskingProxy.AuditLog.Tests.Shipping;

public sealed class BackoffTests
{
    [Fact]
    public void Ceilings_double_from_the_initial_delay_up_to_the_cap()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3));
        Assert.Equal(
            [100, 200, 400, 800, 1600, 3000, 3000],
            Enumerable.Range(0, 7).Select(a => backoff.Ceiling(a).TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(3), backoff.Ceiling(1000));
    }

    [Fact]
    public void Delays_are_full_jitter_within_the_ceiling_and_reset_after_success()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(80));
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 200; i++)
        {
            var ceiling = backoff.Ceiling(backoff.Attempt);
            var delay = backoff.Next();
            Assert.InRange(delay, TimeSpan.Zero, ceiling);
            delays.Add(delay);
        }

        // Full jitter: capped-phase delays spread over the whole range rather than sitting at the cap.
        var capped = delays.Skip(10).ToList();
        Assert.Contains(capped, d => d < TimeSpan.FromMilliseconds(40));
        Assert.Contains(capped, d => d > TimeSpan.FromMilliseconds(40));
        backoff.Reset();
        Assert.Equal(0, backoff.Attempt);
        Assert.InRange(backoff.Next(), TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
    }
}
