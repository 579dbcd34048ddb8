namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>A result column of a query level.</summary>
/// <param name="Name">Column name as the server would name it (alias, column name, function name or <c>?column?</c>).</param>
/// <param name="Flow">What the value carries.</param>
/// <param name="IsUnknownMarker">Stands for an unknown number of columns (a star over an item with unknown columns).</param>
internal sealed record OutputColumn(string Name, Flow Flow, bool IsUnknownMarker = false);
