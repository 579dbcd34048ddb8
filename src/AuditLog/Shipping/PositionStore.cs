using System.Text.Json;
using MaskingProxy.AuditLog.Log;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// Persists the <see cref="ShipperPosition"/> crash-safely: write a temporary file, fsync it,
/// rename it over the old one, fsync the directory. A crash leaves either the old or the new
/// position, never a torn one; a lost or unreadable position only makes the shipper start over,
/// which is safe because creates are idempotent (Elasticsearch answers 409 for what it has).
/// </summary>
internal sealed class PositionStore(string path)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The saved position, or null when there is none or it cannot be read (start over).</summary>
    public ShipperPosition? Load(out string? problem)
    {
        problem = null;
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var position = JsonSerializer.Deserialize<ShipperPosition>(File.ReadAllBytes(path), Json);
            if (position is null || position.Offset < 0 || position.Seq < 0 || !SegmentNames.TryParse(position.Segment, out _))
            {
                problem = $"position file {path} is not valid; shipping starts over (already shipped records answer 409)";
                return null;
            }

            return position;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = $"position file {path} cannot be read ({ex.Message}); shipping starts over (already shipped records answer 409)";
            return null;
        }
    }

    public void Save(ShipperPosition position)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, position, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            PhysicalFileSystem.Instance.SyncDirectory(directory);
        }
    }
}
