namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// Capped exponential backoff with full jitter: attempt n waits a uniformly random time in
/// [0, min(max, initial·2^n)]. Full jitter spreads the retries of many proxies that lost the same
/// cluster at the same moment, instead of having them return in lockstep.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    public int Attempt { get; private set; }

    public void Reset() => Attempt = 0;

    /// <summary>The delay for the current attempt (and counts the attempt).</summary>
    public TimeSpan Next()
    {
        var ceiling = Ceiling(Attempt);
        Attempt = Math.Min(Attempt + 1, 62);
#pragma warning disable CA5394 // Jitter needs spread, not unpredictability.
        return TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * ceiling.Ticks));
#pragma warning restore CA5394
    }

    /// <summary>The upper bound of the delay for attempt <paramref name="attempt"/>.</summary>
    public TimeSpan Ceiling(int attempt)
    {
        var ticks = initial.Ticks * Math.Pow(2, attempt);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
