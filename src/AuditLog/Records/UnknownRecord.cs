using System.Text;
using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>A stored record of a type this version does not know (kept so search still shows it).</summary>
public sealed class UnknownRecord : AuditRecord
{
    private readonly string _type;

    internal UnknownRecord(string type, JsonElement evt)
    {
        _type = type;
        Event = evt;
    }

    public override string Type => _type;

    /// <summary>The raw event object.</summary>
    public JsonElement Event { get; }

    internal override void WriteEvent(CanonicalJsonWriter writer) => writer.Raw(Encoding.UTF8.GetBytes(Event.GetRawText()));
}
