using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>A column a FROM item exposes, with what its values carry.</summary>
internal sealed class ItemColumn
{
    private ItemColumn(string name, Flow flow, bool unknown, ObjectReference? catalogColumn, CoveredColumn? covered)
    {
        Name = name;
        Flow = flow;
        IsUnknownMarker = unknown;
        CatalogColumn = catalogColumn;
        Covered = covered;
    }

    public string Name { get; }

    public Flow Flow { get; }

    /// <summary>Stands for an unknown number of columns (a function result, an unknown relation).</summary>
    public bool IsUnknownMarker { get; }

    /// <summary>The catalog column behind it (for the audit's objects touched), or null.</summary>
    public ObjectReference? CatalogColumn { get; }

    /// <summary>For relation items: how the relation column is masked, or null when clean.</summary>
    public CoveredColumn? Covered { get; }

    public static ItemColumn Of(string name, Flow flow, ObjectReference? catalogColumn = null, CoveredColumn? covered = null) =>
        new(name, flow, false, catalogColumn, covered);

    public static ItemColumn Unknown() => new("*", Flow.Clean, true, null, null);

    public ItemColumn Renamed(string name) => new(name, Flow, IsUnknownMarker, CatalogColumn, Covered);

    public override string ToString() => IsUnknownMarker ? "<unknown columns>" : $"{Name}: {Flow}";
}
