using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Postgres.Rewriting;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Rewriting;

/// <summary>Masks run with the subject's search_path, so every function, operator and built-in type in them is pg_catalog-qualified.</summary>
public class MaskTemplatesTests
{
    public static TheoryData<MaskSpec, string> Masks() => new()
    {
        { new KeepMask(3, 4), "character varying(16)" },
        { new EmailMask(), "text" },
        { new ReplaceMask("[REDACTED]"), "text" },
        { new ReplaceMask("back\\slash 'quote'"), "character varying(40)" },
        { new TruncateMask(TruncateUnit.Year), "date" },
        { new TruncateMask(TruncateUnit.Hour), "timestamp with time zone" },
        { new RoundMask(1000m), "numeric(12,2)" },
        { new RoundMask(10m), "integer" },
        { new NullMask(), "public.my_type" },
    };

    [Theory]
    [MemberData(nameof(Masks))]
    public void Every_function_operator_and_builtin_type_is_qualified(MaskSpec mask, string type)
    {
        string sql = MaskTemplates.Build(mask, type, "t.col");
        ParseResult tree = PgQuery.Parse("SELECT " + sql + " FROM t");

        var unqualified = new List<string>();
        Walk(tree, node =>
        {
            switch (node)
            {
                case FuncCall call when call.Funcname.Count < 2:
                    unqualified.Add("function " + call.Funcname[0].String.Sval);
                    break;
                case A_Expr expr when expr.Name.Count is > 0 and < 2:
                    unqualified.Add("operator " + expr.Name[0].String.Sval);
                    break;
                case TypeName name when name.Names.Count < 2:
                    unqualified.Add("type " + name.Names[0].String.Sval);
                    break;
            }
        });

        Assert.Empty(unqualified);
        if (mask is not NullMask)
        {
            Assert.Contains("t.col", sql, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Constants_keep_the_builders_quoting_and_never_use_escape_strings()
    {
        string sql = MaskTemplates.Build(new ReplaceMask("it's \\x"), "text", "c");
        Assert.Contains("$m$it's \\x$m$", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("E'", sql, StringComparison.Ordinal);
        Assert.Contains("'[X]'", MaskTemplates.Build(new ReplaceMask("[X]"), "text", "c"), StringComparison.Ordinal);
    }

    private static void Walk(Google.Protobuf.IMessage message, Action<Google.Protobuf.IMessage> visit)
    {
        visit(message);
        foreach (Google.Protobuf.Reflection.FieldDescriptor field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != Google.Protobuf.Reflection.FieldType.Message)
            {
                continue;
            }

            object? value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                foreach (object item in (System.Collections.IList)value!)
                {
                    Walk((Google.Protobuf.IMessage)item, visit);
                }
            }
            else if (value is Google.Protobuf.IMessage child)
            {
                Walk(child, visit);
            }
        }
    }
}
