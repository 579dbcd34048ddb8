using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using MaskingProxy.SqlRewriter.Masks;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// Masking expressions from <see cref="MaskSqlBuilder"/>, hardened against the subject's search_path:
/// every function, operator and unqualified (built-in) type is qualified with <c>pg_catalog</c>.
/// </summary>
/// <remarks>
/// <para>Why: the mask runs with the subject's search_path. PostgreSQL picks the best argument-type match
/// among all functions of that name on the path, so a subject who can create <c>public.left(varchar, int)</c>
/// would replace <c>pg_catalog.left(text, int)</c> in an unqualified mask and see raw values
/// (CVE-2018-1058 pattern). Qualified names cannot be shadowed.</para>
/// <para>The builder's text is parsed, qualified in the tree and deparsed once per (mask, type); the column
/// is a placeholder identifier replaced textually by the real reference.</para>
/// </remarks>
internal static class MaskTemplates
{
    /// <summary>Placeholder for the column expression inside a template.</summary>
    public const string Placeholder = "__mp_column__";

    private static readonly ConcurrentDictionary<(MaskSpec Mask, string Type), string> s_templates = new();

    /// <summary>The hardened masking expression for <paramref name="column"/> (an SQL column reference text).</summary>
    /// <exception cref="ArgumentException">The mask does not fit the type.</exception>
    public static string Build(MaskSpec mask, string typeName, string column) =>
        Template(mask, typeName).Replace(Placeholder, column, StringComparison.Ordinal);

    private static string Template(MaskSpec mask, string typeName) =>
        s_templates.GetOrAdd((mask, typeName), key => Harden(MaskSqlBuilder.Build(key.Mask, Placeholder, key.Type)));

    private static string Harden(string expression)
    {
        ParseResult tree = PgQuery.Parse("SELECT " + expression);

        // The deparser would print string constants in its own style (E'...' for backslashes); keep the
        // builder's quoting (SqlLiteral: never E'') by swapping constants for placeholders meanwhile.
        var literals = new List<string>();
        Qualify(tree, literals);
        string text = PgQuery.Deparse(tree);
        const string prefix = "SELECT ";
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || text.Contains(';', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"unexpected deparse of a mask expression: {text}");
        }

        text = text[prefix.Length..];
        for (int i = 0; i < literals.Count; i++)
        {
            string placeholder = LiteralPlaceholder(i);
            if (!text.Contains(placeholder, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"a constant of the mask expression was lost: {text}");
            }

            text = text.Replace(placeholder, SqlLiteral.Quote(literals[i]), StringComparison.Ordinal);
        }

        return text;
    }

    private static string LiteralPlaceholder(int index) => $"'__mp_literal_{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}__'";

    private static void Qualify(IMessage message, List<string> literals)
    {
        switch (message)
        {
            case A_Const { ValCase: A_Const.ValOneofCase.Sval } constant:
                literals.Add(constant.Sval.Sval);
                constant.Sval.Sval = LiteralPlaceholder(literals.Count - 1).Trim('\'');
                break;
            case FuncCall call when call.Funcname.Count == 1:
                call.Funcname.Insert(0, new Node { String = new Ast.String { Sval = "pg_catalog" } });
                break;
            case A_Expr expr when expr.Name.Count == 1:
                expr.Name.Insert(0, new Node { String = new Ast.String { Sval = "pg_catalog" } });
                break;

            // Types from format_type (loaded with search_path = pg_catalog) are unqualified only when built in.
            case TypeName type when type.Names.Count == 1:
                type.Names.Insert(0, new Node { String = new Ast.String { Sval = "pg_catalog" } });
                break;
        }

        foreach (FieldDescriptor field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            object? value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                foreach (object item in (System.Collections.IList)value!)
                {
                    Qualify((IMessage)item, literals);
                }
            }
            else if (value is IMessage child)
            {
                Qualify(child, literals);
            }
        }
    }
}
