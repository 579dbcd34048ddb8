using MaskingProxy.Proxy.Masking;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Masking;

public sealed class HashKeyRingTests
{
    [Fact]
    public void TryGet_UnsetVariable_FalseWithReasonAndLoggedOnce()
    {
        var logger = new CountingLogger();
        var ring = new HashKeyRing(logger);
        var variable = "MASKINGPROXY_TEST_UNSET_" + Guid.NewGuid().ToString("N");

        Assert.False(ring.TryGet(variable, out var key, out var problem));
        Assert.False(ring.TryGet(variable, out _, out _));

        Assert.Empty(key);
        Assert.Contains(variable, problem, StringComparison.Ordinal);
        Assert.Equal(1, logger.Errors);
    }

    [Fact]
    public void TryGet_KeySet_ReturnsItsUtf8Bytes()
    {
        var ring = new HashKeyRing(new CountingLogger());
        var variable = "MASKINGPROXY_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "0123456789abcdef-key");

        Assert.True(ring.TryGet(variable, out var key, out var problem));

        Assert.Null(problem);
        Assert.Equal("0123456789abcdef-key", System.Text.Encoding.UTF8.GetString(key));
    }

    private sealed class CountingLogger : ILogger
    {
        public int Errors { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Errors++;
            }
        }
    }
}
