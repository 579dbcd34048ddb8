namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>
/// A user-defined function or procedure (any schema but pg_catalog and information_schema).
/// </summary>
/// <remarks>
/// The rewriter reads <see cref="Body"/> to decide whether calling the function can expose covered data
/// (a function body runs outside the rewritten statement, so relation substitution does not reach it).
/// </remarks>
public sealed record CatalogFunction
{
    /// <summary>Creates a function entry.</summary>
    /// <param name="schema">Schema name (exact).</param>
    /// <param name="name">Function name (exact).</param>
    /// <param name="kind">Function, procedure, aggregate or window function.</param>
    /// <param name="argumentTypes">Input argument types (<c>format_type</c> text), in order.</param>
    /// <param name="resultType">Result type as <c>pg_get_function_result</c> prints it (e.g. <c>SETOF text</c>), or null for procedures.</param>
    /// <param name="language">pg_language.lanname, e.g. <c>sql</c>, <c>plpgsql</c>, <c>c</c>, <c>internal</c>.</param>
    /// <param name="securityDefiner">prosecdef: runs with the owner's rights.</param>
    /// <param name="body">
    /// prosrc; for SQL-standard bodies (<c>BEGIN ATOMIC</c> / <c>RETURN</c>) the text of
    /// <c>pg_get_function_sqlbody</c> instead (see <paramref name="sqlStandardBody"/>).
    /// </param>
    /// <param name="sqlStandardBody">True when <paramref name="body"/> is a SQL-standard body.</param>
    /// <param name="configuration">proconfig entries (<c>name=value</c>), e.g. <c>search_path=public</c>.</param>
    public CatalogFunction(string schema, string name, FunctionKind kind, IReadOnlyList<string> argumentTypes, string? resultType, string language, bool securityDefiner, string body, bool sqlStandardBody = false, IReadOnlyList<string>? configuration = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(schema);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(argumentTypes);
        ArgumentNullException.ThrowIfNull(language);
        ArgumentNullException.ThrowIfNull(body);
        Schema = schema;
        Name = name;
        Kind = kind;
        ArgumentTypes = [.. argumentTypes];
        ResultType = resultType;
        Language = language;
        SecurityDefiner = securityDefiner;
        Body = body;
        SqlStandardBody = sqlStandardBody;
        Configuration = configuration is null ? [] : [.. configuration];
    }

    /// <summary>Schema name.</summary>
    public string Schema { get; }

    /// <summary>Function name.</summary>
    public string Name { get; }

    /// <summary>Function kind.</summary>
    public FunctionKind Kind { get; }

    /// <summary>Input argument types in order.</summary>
    public IReadOnlyList<string> ArgumentTypes { get; }

    /// <summary>Result type text, or null for procedures.</summary>
    public string? ResultType { get; }

    /// <summary>Implementation language.</summary>
    public string Language { get; }

    /// <summary>SECURITY DEFINER.</summary>
    public bool SecurityDefiner { get; }

    /// <summary>Source text of the body.</summary>
    public string Body { get; }

    /// <summary>True when <see cref="Body"/> is a SQL-standard body (<c>RETURN ...</c> or <c>BEGIN ATOMIC ... END</c>).</summary>
    public bool SqlStandardBody { get; }

    /// <summary>Per-function settings (<c>name=value</c>).</summary>
    public IReadOnlyList<string> Configuration { get; }

    /// <summary>The function's qualified name.</summary>
    public QualifiedName QualifiedName => new(Schema, Name);

    /// <summary>The <c>search_path</c> the function pins with <c>SET search_path</c>, or null when it uses the caller's.</summary>
    public string? PinnedSearchPath
    {
        get
        {
            foreach (string entry in Configuration)
            {
                if (entry.StartsWith("search_path=", StringComparison.Ordinal))
                {
                    return entry["search_path=".Length..];
                }
            }

            return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Schema}.{Name}({string.Join(", ", ArgumentTypes)})";
}
