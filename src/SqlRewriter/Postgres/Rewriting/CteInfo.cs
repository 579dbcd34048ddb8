namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>A common table expression visible by name.</summary>
internal sealed class CteInfo
{
    public CteInfo(string name, List<ItemColumn> columns)
    {
        Name = name;
        Columns = columns;
    }

    public string Name { get; }

    /// <summary>Output columns; replaced once the CTE's query has been analysed.</summary>
    public List<ItemColumn> Columns { get; set; }
}
