namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>An index of the test server: documents by id, and whether a template matched when it was created.</summary>
public sealed class FakeIndex(string name, string? template)
{
    public string Name { get; } = name;

    /// <summary>The template (body) that applied when the index was auto-created, if any.</summary>
    public string? Template { get; } = template;

    public Dictionary<string, FakeDocument> Documents { get; } = new(StringComparer.Ordinal);
}
