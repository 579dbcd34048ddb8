using MaskingProxy.Proxy.Transport.Epoll;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Transport.Epoll;

public sealed class EpollEngineTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 2)]
    [InlineData(8, 2)]
    [InlineData(12, 3)]
    [InlineData(16, 4)]
    [InlineData(64, 16)]
    public void DefaultThreadCount_Processors_OnePerFourCoresAtLeastTwo(int processors, int expected)
    {
        Assert.Equal(expected, EpollEngine.DefaultThreadCount(processors));
    }
}
