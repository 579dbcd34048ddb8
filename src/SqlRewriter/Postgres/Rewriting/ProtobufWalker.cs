using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using MaskingProxy.SqlRewriter.Postgres.Ast;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// Visits every message of a parse tree through protobuf reflection. Used where completeness matters more
/// than speed (function bodies, DDL bodies, relation lists for exempt subjects): no node kind can be missed
/// by forgetting a case.
/// </summary>
internal static class ProtobufWalker
{
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> s_messageFields = new();

    /// <summary>Calls <paramref name="visit"/> for each message, depth first; children are skipped when it returns false.</summary>
    public static void Walk(IMessage message, Func<IMessage, bool> visit)
    {
        if (!visit(message))
        {
            return;
        }

        // Node is a oneof over ~240 kinds: go straight to the one that is set.
        if (message is Node node)
        {
            if (node.NodeCase != Node.NodeOneofCase.None && Node.Descriptor.FindFieldByNumber((int)node.NodeCase).Accessor.GetValue(node) is IMessage inner)
            {
                Walk(inner, visit);
            }

            return;
        }

        foreach (FieldDescriptor field in s_messageFields.GetOrAdd(message.Descriptor, MessageFields))
        {
            object? value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                foreach (object item in (System.Collections.IList)value!)
                {
                    Walk((IMessage)item, visit);
                }
            }
            else if (value is IMessage child)
            {
                Walk(child, visit);
            }
        }
    }

    private static FieldDescriptor[] MessageFields(MessageDescriptor descriptor) =>
        [.. descriptor.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.Message)];
}
