using System.Text.Json;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>A stored document of the test server: the source text exactly as received, and its parse for sorting.</summary>
public sealed class FakeDocument(string id, string source)
{
    public string Id { get; } = id;

    public string Source { get; } = source;

    public JsonElement Root { get; } = JsonDocument.Parse(source).RootElement.Clone();

    /// <summary>The value at a dotted path (e.g. "seq", "search.login"), if present.</summary>
    public JsonElement? Field(string path)
    {
        var current = Root;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }
}
