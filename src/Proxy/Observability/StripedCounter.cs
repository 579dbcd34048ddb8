namespace MaskingProxy.Proxy.Observability;

/// <summary>
/// A counter that threads add to in cache lines of their own, summed when read. The relay counts
/// every statement and every write; with one counter shared by two event threads on two cores,
/// each of those adds would first pull the line over from the other core.
/// </summary>
public sealed class StripedCounter
{
    // A power of two; threads whose managed ids collide modulo this share a stripe, which is only slower.
    private const int Stripes = 16;

    // 128 bytes apart: a cache line, and the adjacent line the prefetcher pairs with it.
    private const int Stride = 16;

    private readonly long[] _cells = new long[(Stripes + 1) * Stride];

    public void Add(long value) => Interlocked.Add(ref _cells[Cell()], value);

    public void Increment() => Interlocked.Increment(ref _cells[Cell()]);

    /// <summary>The sum over every stripe; adds made while it reads may or may not be in it.</summary>
    public long Value
    {
        get
        {
            long sum = 0;
            for (var cell = Stride; cell < _cells.Length; cell += Stride)
            {
                sum += Volatile.Read(ref _cells[cell]);
            }
            return sum;
        }
    }

    // Stripe 0 starts one stride in, so no stripe shares a line with the array's header and length.
    private static int Cell() => ((Environment.CurrentManagedThreadId & (Stripes - 1)) + 1) * Stride;
}
