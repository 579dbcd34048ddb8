namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// The data-flow fact for a value: what it carries (<see cref="Kind"/>), whether it is exactly a column value
/// (<see cref="Bare"/>, so a mask or transform can still be applied to it), and the covered columns it comes from.
/// </summary>
internal sealed class Flow
{
    private static readonly IReadOnlyList<ColumnSource> s_none = [];

    private Flow(FlowKind kind, bool bare, ColumnSource? source, IReadOnlyList<ColumnSource> sources)
    {
        Kind = kind;
        Bare = bare;
        Source = source;
        Sources = sources;
    }

    public static Flow Clean { get; } = new(FlowKind.Clean, false, null, s_none);

    public FlowKind Kind { get; }

    public bool Bare { get; }

    /// <summary>For a bare covered value: its column.</summary>
    public ColumnSource? Source { get; }

    /// <summary>Every covered column the value depends on.</summary>
    public IReadOnlyList<ColumnSource> Sources { get; }

    public bool IsCovered => Sources.Count > 0;

    public static Flow Column(FlowKind kind, ColumnSource source) => new(kind, true, source, [source]);

    public static Flow Of(FlowKind kind, IReadOnlyList<ColumnSource> sources) =>
        kind == FlowKind.Clean && sources.Count == 0 ? Clean : new Flow(kind, false, null, sources);

    /// <summary>The same fact, no longer a bare column (it went through an expression).</summary>
    public Flow Unbare() => Bare ? new Flow(Kind, false, null, Sources) : this;

    public Flow WithKind(FlowKind kind) => kind == Kind ? this : new Flow(kind, Bare, Source, Sources);

    /// <summary>
    /// Combines the operands of an expression (after each was checked by the caller): the result is never
    /// bare, and carries the strongest kind and all sources.
    /// </summary>
    public static Flow Combine(IReadOnlyList<Flow> parts)
    {
        if (parts.Count == 0)
        {
            return Clean;
        }

        if (parts.Count == 1)
        {
            return parts[0].Unbare();
        }

        FlowKind kind = FlowKind.Clean;
        List<ColumnSource>? sources = null;
        foreach (Flow part in parts)
        {
            if (part.Kind > kind)
            {
                kind = part.Kind;
            }

            if (part.Sources.Count > 0)
            {
                sources ??= [];
                foreach (ColumnSource source in part.Sources)
                {
                    if (!sources.Contains(source))
                    {
                        sources.Add(source);
                    }
                }
            }
        }

        return Of(kind, sources ?? (IReadOnlyList<ColumnSource>)s_none);
    }

    public static Flow Combine(Flow a, Flow b) => Combine([a, b]);

    public override string ToString() => $"{Kind}{(Bare ? " bare" : string.Empty)} [{string.Join(", ", Sources.Select(s => s.Display))}]";
}
