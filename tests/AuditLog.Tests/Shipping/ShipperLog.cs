using System.Collections.Concurrent;
using MaskingProxy.AuditLog.Shipping;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>Collects what a shipper logs, for assertions and for failure messages.</summary>
internal sealed class ShipperLog
{
    private readonly ConcurrentQueue<(ShipperLogLevel Level, string Message)> _entries = new();

    public void Add(ShipperLogLevel level, string message) => _entries.Enqueue((level, message));

    public IReadOnlyList<(ShipperLogLevel Level, string Message)> Entries => [.. _entries];

    public bool Contains(string text) => _entries.Any(e => e.Message.Contains(text, StringComparison.Ordinal));

    public override string ToString() => string.Join("\n", _entries.Select(e => $"{e.Level}: {e.Message}"));
}
