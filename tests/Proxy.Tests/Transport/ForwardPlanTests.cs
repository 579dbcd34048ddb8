using System.Buffers;
using MaskingProxy.Proxy.Transport;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Transport;

public sealed class ForwardPlanTests
{
    private static readonly byte[] Source = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void Pass_ContiguousRanges_ResultIsSourceSliceWithoutCopy()
    {
        using var plan = new ForwardPlan();
        plan.Begin(Source);

        plan.Pass(0, 3);
        plan.Pass(3, 4);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(plan.Result, out var segment));
        Assert.Same(Source, segment.Array);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7 }, plan.Result.ToArray());
    }

    [Fact]
    public void Replace_InTheMiddle_KeepsOrder()
    {
        using var plan = new ForwardPlan();
        plan.Begin(Source);

        plan.Pass(0, 2);
        plan.Replace().Write([(byte)42]);
        plan.Pass(4, 2);

        Assert.Equal(new byte[] { 1, 2, 42, 5, 6 }, plan.Result.ToArray());
    }

    [Fact]
    public void DropAndGap_NonContiguousPasses_Copied()
    {
        using var plan = new ForwardPlan();
        plan.Begin(Source);

        plan.Pass(0, 1);
        plan.Pass(5, 2);
        _ = plan.Replace();
        plan.Pass(8, 1);

        Assert.Equal(new byte[] { 1, 6, 7, 9 }, plan.Result.ToArray());
    }

    [Fact]
    public void Begin_Reused_StartsEmpty()
    {
        using var plan = new ForwardPlan();
        plan.Begin(Source);
        plan.Replace().Write([(byte)7]);

        plan.Begin(Source);

        Assert.True(plan.IsEmpty);
        Assert.True(plan.Result.IsEmpty);
    }
}
