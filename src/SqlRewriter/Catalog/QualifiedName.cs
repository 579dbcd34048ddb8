namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>A schema-qualified object name with exact (catalog) spelling.</summary>
/// <param name="Schema">Schema name.</param>
/// <param name="Name">Object name.</param>
public readonly record struct QualifiedName(string Schema, string Name)
{
    /// <summary><c>schema.name</c> without quoting, for messages and audit records.</summary>
    public override string ToString() => Schema + "." + Name;
}
