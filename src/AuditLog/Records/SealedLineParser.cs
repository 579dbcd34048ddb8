using System.Buffers;
using System.Text.Json;

namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// Strict parser for stored lines. A line must be exactly
/// <c>{"chain","event","seq","ts","type","v","hash","mac"[,"sig"]}</c> in that order with no
/// whitespace between tokens and nothing after the closing brace, so no byte of a line escapes
/// the hash: the canonical prefix is hashed, and the only members after it are the fixed-size
/// integrity fields.
/// </summary>
internal static class SealedLineParser
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 16 };

    public static bool TryParse(ReadOnlySpan<byte> line, out SealedLine result, out string? error)
    {
        result = default;
        try
        {
            error = Parse(line, ref result);
        }
        catch (JsonException)
        {
            error = "malformed JSON";
        }

        return error is null;
    }

    private static string? Parse(ReadOnlySpan<byte> line, ref SealedLine r)
    {
        var reader = new Utf8JsonReader(line, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || reader.TokenStartIndex != 0)
        {
            return "not a JSON object";
        }

        Range eventRange = default;
        if (!Name(ref reader, "chain"u8) || !StringValue(ref reader, out r.Chain) || !ChainId.IsValid(line[r.Chain]))
        {
            return "bad or missing 'chain'";
        }

        if (!Name(ref reader, "event"u8) || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "bad or missing 'event'";
        }

        var eventStart = (int)reader.TokenStartIndex;
        reader.Skip();
        eventRange = new Range(eventStart, (int)reader.TokenStartIndex + 1);

        if (!Name(ref reader, "seq"u8) || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out r.Seq) || r.Seq < 1)
        {
            return "bad or missing 'seq'";
        }

        if (!Name(ref reader, "ts"u8) || !StringValue(ref reader, out var ts) || line[ts].Length != RecordTimestamp.Length)
        {
            return "bad or missing 'ts'";
        }

        if (!Name(ref reader, "type"u8) || !StringValue(ref reader, out r.Type))
        {
            return "bad or missing 'type'";
        }

        if (!Name(ref reader, "v"u8) || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var version))
        {
            return "bad or missing 'v'";
        }

        if (version != RecordSerializer.FormatVersion)
        {
            return $"unsupported format version {version}";
        }

        if (!Name(ref reader, "hash"u8))
        {
            return "missing 'hash'";
        }

        r.CanonicalLength = (int)reader.TokenStartIndex - 1;
        if (line[r.CanonicalLength] != (byte)',')
        {
            return "whitespace before 'hash'";
        }

        if (!HexValue(ref reader, r.Hash))
        {
            return "bad 'hash'";
        }

        if (!Name(ref reader, "mac"u8) || !HexValue(ref reader, r.Mac))
        {
            return "bad or missing 'mac'";
        }

        if (!reader.Read())
        {
            return "truncated line";
        }

        if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("sig"u8))
        {
            if (!StringValue(ref reader, out r.Sig) || line[r.Sig].Length is 0 or > 256 || line[r.Sig].IndexOfAnyExcept(HexDigits) >= 0)
            {
                return "bad 'sig'";
            }

            r.HasSig = true;
            if (!reader.Read())
            {
                return "truncated line";
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.TokenStartIndex != line.Length - 1)
        {
            return "unexpected member or trailing bytes after 'mac'";
        }

        var type = line[r.Type];
        if (type.SequenceEqual("checkpoint"u8))
        {
            r.Kind = LineKind.Checkpoint;
            return ParseCheckpoint(line[eventRange], eventRange.Start.Value, ref r);
        }

        if (type.SequenceEqual("segment"u8))
        {
            r.Kind = LineKind.Segment;
            return ParseSegment(line[eventRange], ref r);
        }

        r.Kind = type.SequenceEqual("recovery"u8) ? LineKind.Recovery : LineKind.Other;
        return r.HasSig ? "'sig' on a record that is not a checkpoint" : null;
    }

    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdef"u8);

    private static string? ParseCheckpoint(ReadOnlySpan<byte> evt, int offset, ref SealedLine r)
    {
        if (!r.HasSig)
        {
            return "checkpoint without 'sig'";
        }

        var reader = new Utf8JsonReader(evt, Options);
        reader.Read();
        bool headHash = false, headSeq = false, keyId = false, reason = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("head_hash"u8))
            {
                headHash = HexValue(ref reader, r.HeadHash);
            }
            else if (reader.ValueTextEquals("head_seq"u8))
            {
                headSeq = reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out r.HeadSeq);
            }
            else if (reader.ValueTextEquals("key_id"u8))
            {
                keyId = StringValue(ref reader, out var k);
                r.KeyId = new Range(k.Start.Value + offset, k.End.Value + offset);
            }
            else if (reader.ValueTextEquals("reason"u8))
            {
                reason = reader.Read() && reader.TokenType == JsonTokenType.String
                    && WireNames.ParseCheckpointReason(reader.GetString()!) is { } why && Assign(out r.CheckpointReason, why);
            }
            else
            {
                reader.Skip();
            }
        }

        return headHash && headSeq && keyId && reason ? null : "checkpoint event lacks head_hash/head_seq/key_id/reason";
    }

    private static string? ParseSegment(ReadOnlySpan<byte> evt, ref SealedLine r)
    {
        var reader = new Utf8JsonReader(evt, Options);
        reader.Read();
        bool number = false, prev = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("number"u8))
            {
                number = reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out r.SegmentNumber);
            }
            else if (reader.ValueTextEquals("prev_hash"u8))
            {
                prev = HexValue(ref reader, r.SegmentPrevHash);
            }
            else
            {
                reader.Skip();
            }
        }

        return number && prev ? null : "segment event lacks number/prev_hash";
    }

    private static bool Assign<T>(out T target, T value)
    {
        target = value;
        return true;
    }

    private static bool Name(ref Utf8JsonReader reader, ReadOnlySpan<byte> expected)
        => reader.Read() && reader.TokenType == JsonTokenType.PropertyName && !reader.ValueIsEscaped && reader.ValueTextEquals(expected);

    private static bool StringValue(ref Utf8JsonReader reader, out Range range)
    {
        range = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        var start = (int)reader.TokenStartIndex + 1;
        range = new Range(start, start + reader.ValueSpan.Length);
        return true;
    }

    private static bool HexValue(ref Utf8JsonReader reader, scoped Span<byte> destination)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.ValueSpan.Length != 64
            || reader.ValueSpan.IndexOfAnyExcept(HexDigits) >= 0)
        {
            return false;
        }

        return Convert.FromHexString(reader.ValueSpan, destination, out _, out var written) == OperationStatus.Done && written == 32;
    }
}
