namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// Built-in functions that cannot fail with an error message quoting their argument, so raw values that
/// <c>predicates: allow</c> gives to predicates may pass through them (lookups like <c>lower(email) = $1</c>).
/// Casts to other types (<c>id_card::int</c>) and functions like <c>to_date</c> are not here: their errors
/// print the input ("invalid input syntax for type integer: ...").
/// </summary>
internal static class ErrorSafeFunctions
{
    private static readonly HashSet<string> s_names = new(StringComparer.Ordinal)
    {
        "lower", "upper", "initcap", "btrim", "ltrim", "rtrim", "length", "char_length", "character_length", "octet_length",
        "bit_length", "substr", "substring", "left", "right", "strpos", "position", "starts_with", "replace", "reverse",
        "translate", "lpad", "rpad", "split_part", "concat", "concat_ws", "md5", "abs", "sign", "round", "trunc", "floor",
        "ceil", "ceiling", "date_trunc", "date_part", "extract", "min", "max", "count", "coalesce", "nullif", "greatest", "least",
        "similar_to_escape", "like_escape",
    };

    /// <summary>Type names a raw value may be cast to without an error that prints it.</summary>
    private static readonly HashSet<string> s_textTypes = new(StringComparer.Ordinal)
    {
        "text", "varchar", "bpchar", "char", "name", "character varying", "character", "citext",
    };

    public static bool Contains(string name) => s_names.Contains(name);

    public static bool IsTextType(string typeName) => s_textTypes.Contains(typeName);
}
