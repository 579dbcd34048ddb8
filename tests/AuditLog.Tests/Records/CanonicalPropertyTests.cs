using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Records;

/// <summary>Random hostile strings through the canonical writer, checked against the independent JCS implementation.</summary>
public class CanonicalPropertyTests
{
    // Characters that stress escaping: controls, quotes, backslash, DEL, line separators, CJK,
    // and both halves of surrogate pairs (so lone surrogates and valid pairs both occur).
    private static readonly Gen<char> HostileChar = Gen.OneOf(
        Gen.Choose(0, 0x1f).Select(i => (char)i),
        Gen.Elements('"', '\\', '/', '\u007f', '\u2028', '\u2029', '\u2026', 'a', ' '),
        Gen.Choose(0x4e00, 0x9fff).Select(i => (char)i),
        Gen.Choose(0xd800, 0xdfff).Select(i => (char)i),
        Gen.Choose(0x20, 0x7e).Select(i => (char)i));

    private static readonly Arbitrary<string> HostileString =
        Gen.Sized(size => Gen.Choose(0, size * 8)).SelectMany(n => Gen.ArrayOf(HostileChar, n)).Select(chars => new string(chars)).ToArbitrary();

    [Fact]
    public void Any_string_serializes_to_RFC8785_json_that_reads_back_capped()
    {
        Prop.ForAll(HostileString, value =>
        {
            var record = new ProxyStopRecord { Reason = value, Host = value };
            var canonical = RecordSerializer.Canonical(record, "c", 1, Samples.Time);
            if (Array.IndexOf(canonical, (byte)'\n') >= 0)
            {
                return false;
            }

            _ = new UTF8Encoding(false, true).GetString(canonical); // throws on invalid UTF-8
            using var doc = JsonDocument.Parse(canonical);
            var stored = doc.RootElement.GetProperty("event").GetProperty("reason").GetString()!;
            return Jcs.Canonicalize(canonical).AsSpan().SequenceEqual(canonical)
                && stored == CanonicalJsonWriter.Capped(value, FieldCaps.Reason)
                && Encoding.UTF8.GetByteCount(stored) <= FieldCaps.Reason;
        }).QuickCheckThrowOnFailure();
    }
}
