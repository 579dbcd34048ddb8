using Google.Protobuf.Reflection;

namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// Measures the message nesting depth of a serialized protobuf without recursion, so the wrapper can
/// decide how much C stack libpg_query's (recursive) deparser will need before calling it.
/// </summary>
internal static class ProtobufDepth
{
    /// <summary>Returned when the bytes are not a well-formed message of the given type.</summary>
    public const int Malformed = int.MaxValue;

    /// <summary>
    /// Returns the maximum nesting depth (the root message counts as 1), or a value greater than
    /// <paramref name="stopAbove"/> as soon as that is exceeded, or <see cref="Malformed"/>.
    /// </summary>
    public static int Measure(ReadOnlySpan<byte> data, MessageDescriptor root, int stopAbove)
    {
        var ends = new Stack<(int End, MessageDescriptor Descriptor)>();
        MessageDescriptor current = root;
        int currentEnd = data.Length;
        int depth = 1;
        int max = 1;
        int pos = 0;

        while (true)
        {
            while (pos == currentEnd && ends.Count > 0)
            {
                (currentEnd, current) = ends.Pop();
                depth--;
            }

            if (pos >= data.Length)
            {
                return max;
            }

            if (!TryReadVarint(data, ref pos, currentEnd, out ulong tag))
            {
                return Malformed;
            }

            int fieldNumber = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    if (!TryReadVarint(data, ref pos, currentEnd, out _))
                    {
                        return Malformed;
                    }

                    break;
                case 1:
                    pos += 8;
                    break;
                case 5:
                    pos += 4;
                    break;
                case 2:
                    if (!TryReadVarint(data, ref pos, currentEnd, out ulong length) || length > (ulong)(currentEnd - pos))
                    {
                        return Malformed;
                    }

                    FieldDescriptor? field = current.FindFieldByNumber(fieldNumber);
                    if (field is { FieldType: FieldType.Message })
                    {
                        ends.Push((currentEnd, current));
                        current = field.MessageType;
                        currentEnd = pos + (int)length;
                        depth++;
                        if (depth > max)
                        {
                            max = depth;
                            if (max > stopAbove)
                            {
                                return max;
                            }
                        }
                    }
                    else
                    {
                        pos += (int)length;
                    }

                    break;
                default:
                    return Malformed; // groups are not used by libpg_query's proto3 schema
            }

            if (pos > currentEnd)
            {
                return Malformed;
            }
        }
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int pos, int end, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= end)
            {
                return false;
            }

            byte b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
