using System.Collections;
using System.Globalization;
using System.Text;

namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>
/// A value Npgsql decoded from a binary result, turned back into searchable text. Containers (arrays,
/// records, dictionaries) are flattened element by element, so a raw value nested anywhere in them is
/// still found; bytea comes out as <c>\x</c> hex, which <see cref="ClientOutput"/> also decodes.
/// </summary>
public static class CellText
{
    public static string? Format(object? value) => value switch
    {
        null or DBNull => null,
        string text => text,
        char c => c.ToString(),
        byte[] bytes => "\\x" + Convert.ToHexStringLower(bytes),
        IDictionary dictionary => Join(dictionary.Keys.Cast<object?>().Zip(dictionary.Values.Cast<object?>(), (k, v) => $"{Format(k)}=>{Format(v)}"), "{", "}"),
        object?[] record => Join(record.Select(Format), "(", ")"),
        // BitArray, arrays of any rank, List<T>: every element.
        IEnumerable sequence => Join(sequence.Cast<object?>().Select(Format), "{", "}"),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string Join(IEnumerable<string?> parts, string open, string close) =>
        new StringBuilder(open).AppendJoin(',', parts.Select(p => p ?? "NULL")).Append(close).ToString();
}
