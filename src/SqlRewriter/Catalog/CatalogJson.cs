using System.Text;
using System.Text.Json;

namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>
/// JSON form of a <see cref="CatalogSnapshot"/> for offline use (<c>--catalog-file</c>) and test fixtures.
/// </summary>
/// <remarks>
/// Format (version 1): <c>{ "format": 1, "version": "...", "schemas": [...], "systemRelations": [...],
/// "relations": [{ "schema", "name", "kind", "columns": [{ "name", "type" }], "viewDefinition"?, "parents"? }],
/// "functions": [{ "schema", "name", "kind", "argumentTypes", "resultType"?, "language", "securityDefiner",
/// "body", "sqlStandardBody"?, "configuration"? }], "operators": [{ "schema", "name", "leftType"?, "rightType",
/// "function": { "schema", "name" } }] }</c>. The stored <c>version</c> is informational: it is recomputed on load.
/// </remarks>
public static partial class CatalogJson
{
    /// <summary>The format number written and accepted.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes <paramref name="snapshot"/> to <paramref name="path"/> (UTF-8, indented).</summary>
    public static void Save(CatalogSnapshot snapshot, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream stream = File.Create(path);
        Save(snapshot, stream);
    }

    /// <summary>Writes <paramref name="snapshot"/> to <paramref name="stream"/> (UTF-8, indented).</summary>
    public static void Save(CatalogSnapshot snapshot, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Write(writer, snapshot, includeVersion: true);
    }

    /// <summary>The snapshot as an indented JSON string.</summary>
    public static string Serialize(CatalogSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        Save(snapshot, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a snapshot from <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file is not a valid catalog (message names the problem).</exception>
    public static CatalogSnapshot Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Reads a snapshot from <paramref name="stream"/>.</summary>
    /// <exception cref="FormatException">The content is not a valid catalog.</exception>
    public static CatalogSnapshot Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"catalog JSON is malformed: {ex.Message}", ex);
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    /// <summary>Reads a snapshot from a JSON string.</summary>
    public static CatalogSnapshot Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return Load(stream);
    }

    /// <summary>Canonical bytes used for <see cref="CatalogSnapshot.Version"/> (compact, no version field).</summary>
    internal static byte[] ToCanonicalBytes(CatalogSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, snapshot, includeVersion: false);
        }

        return stream.ToArray();
    }
}
