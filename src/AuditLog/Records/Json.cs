using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>Small readers over <see cref="JsonElement"/> for parsing stored records (search, recovery).</summary>
internal static class Json
{
    public static string RequiredString(JsonElement e, string name)
        => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()!
            : throw new FormatException($"Missing string member '{name}'.");

    public static string? OptionalString(JsonElement e, string name)
        => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    public static long RequiredInt64(JsonElement e, string name)
        => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var v)
            ? v
            : throw new FormatException($"Missing integer member '{name}'.");

    public static long? OptionalInt64(JsonElement e, string name)
        => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var v) ? v : null;

    public static bool? OptionalBoolean(JsonElement e, string name)
        => e.TryGetProperty(name, out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.GetBoolean() : null;

    public static IReadOnlyList<string> StringArray(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var p) || p.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<string>(p.GetArrayLength());
        foreach (var item in p.EnumerateArray())
        {
            list.Add(item.GetString() ?? throw new FormatException($"Non-string item in '{name}'."));
        }

        return list;
    }

    public static JsonElement RequiredObject(JsonElement e, string name)
        => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object
            ? p
            : throw new FormatException($"Missing object member '{name}'.");

    public static T Enum<T>(JsonElement e, string name, Func<string, T?> parse)
        where T : struct
    {
        var text = RequiredString(e, name);
        return parse(text) ?? throw new FormatException($"Unknown value '{text}' for '{name}'.");
    }
}
