namespace MaskingProxy.Proxy.Interception;

/// <summary>
/// A decision's hash transforms arranged for the row loop: per statement of the text, an array
/// indexed by result column. Built on first use and kept with the decision, so every Execute of a
/// prepared statement reuses it and a DataRow costs one array lookup per column.
/// </summary>
internal sealed class ColumnTransformIndex(IReadOnlyList<ColumnTransform> transforms)
{
    public static readonly ColumnTransformIndex Empty = new([]);

    // Filled on first use; a race between the two pumps builds equal arrays, either one is kept.
    private ColumnTransform?[]?[]? _byStatement;

    /// <summary>The transforms of <paramref name="statementIndex"/>'s rows by column; null when it has none.</summary>
    public ColumnTransform?[]? For(int statementIndex)
    {
        if (transforms.Count == 0)
        {
            return null;
        }
        var byStatement = _byStatement ??= Build(transforms);
        return (uint)statementIndex < (uint)byStatement.Length ? byStatement[statementIndex] : null;
    }

    private static ColumnTransform?[]?[] Build(IReadOnlyList<ColumnTransform> transforms)
    {
        var statements = 0;
        foreach (var t in transforms)
        {
            statements = Math.Max(statements, t.StatementIndex + 1);
        }
        var widths = new int[statements];
        foreach (var t in transforms)
        {
            widths[t.StatementIndex] = Math.Max(widths[t.StatementIndex], t.Column + 1);
        }
        var byStatement = new ColumnTransform?[]?[statements];
        foreach (var t in transforms)
        {
            (byStatement[t.StatementIndex] ??= new ColumnTransform?[widths[t.StatementIndex]])[t.Column] = t;
        }
        return byStatement;
    }
}
