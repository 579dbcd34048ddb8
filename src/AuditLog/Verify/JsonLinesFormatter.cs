using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Verify;

/// <summary>
/// Writes entries as JSON lines, each exactly as stored (hash, MAC and signature included), so a
/// search result can itself be handed to someone who checks the records' hashes.
/// </summary>
public static class JsonLinesFormatter
{
    public static long Write(IEnumerable<AuditEntry> entries, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        long count = 0;
        foreach (var entry in entries)
        {
            output.Write(entry.Line);
            output.Write('\n');
            count++;
        }

        return count;
    }
}
