namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// Named statements the proxy keeps on its backend connection for rewritten texts the client
/// parses as the unnamed statement, and for rewritten simple-protocol SELECTs with their constants
/// as parameters, so the server plans the masking subquery once per session instead of on every
/// Parse or Query (the plan is what relation substitution costs the server).
/// </summary>
/// <remarks>
/// An entry is created by sending the client's Parse under a reserved name and is used only after
/// the ReadyForQuery of its group arrived without an error. An error in a group that created or
/// used an entry drops the entry (a failed Parse, a dropped statement, "cached plan must not change
/// result type"); its name is never reused, so a statement that did survive on the server can never
/// be confused with a later one, and <see cref="Capacity"/> bounds what a session leaves there.
/// Accessed from both pumps, hence the lock.
/// </remarks>
internal sealed class BackendStatements(int capacity)
{
    /// <summary>Names with this prefix belong to the proxy; clients may not name statements with it.</summary>
    public const string Prefix = "__mp_auto_";

    private readonly Lock _lock = new();
    private readonly Dictionary<StatementKey, Entry> _byKey = [];

    /// <summary>
    /// Entries acquired since their last ReadyForQuery was handled: only these can still be confirmed
    /// or dropped, so the ReadyForQuery of a group walks them instead of every entry.
    /// </summary>
    private readonly List<(StatementKey Key, Entry Entry)> _touched = [];

    private int _created;

    /// <summary><see cref="_touched"/>'s count, readable without the lock (see <see cref="GroupEnded"/>).</summary>
    private int _touchedCount;

    /// <summary>The most statements one session creates on its backend connection.</summary>
    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byKey.Count;
            }
        }
    }

    public static bool IsReserved(string statementName) => statementName.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// The backend name to bind for <paramref name="text"/> in <paramref name="group"/>, and whether
    /// it must be created by this Parse; null when the text is not to be kept (capacity reached, or a
    /// creation still waiting for its ReadyForQuery).
    /// </summary>
    public string? Acquire(string text, int[] parameterTypes, int group, out bool create)
    {
        var key = new StatementKey(text, parameterTypes);
        lock (_lock)
        {
            create = false;
            if (_byKey.TryGetValue(key, out var entry))
            {
                if (!entry.Confirmed)
                {
                    return null;
                }
                Touch(key, entry, group);
                return entry.Name;
            }
            if (_created >= Capacity)
            {
                return null;
            }
            entry = new Entry(Prefix + (++_created).ToString(System.Globalization.CultureInfo.InvariantCulture));
            _byKey[key] = entry;
            Touch(key, entry, group);
            create = true;
            return entry.Name;
        }
    }

    /// <summary>At the ReadyForQuery of <paramref name="group"/>: confirm its creations, or drop what it touched after an error.</summary>
    public void GroupEnded(int group, bool error)
    {
        // Most groups touch no entry (a session without masked unnamed Parses or Queries never does).
        // An Acquire for this group happened before its Sync went out, so it is visible here; one for
        // a later group that this read misses has nothing to end yet.
        if (Volatile.Read(ref _touchedCount) == 0)
        {
            return;
        }
        lock (_lock)
        {
            var kept = 0;
            for (var i = 0; i < _touched.Count; i++)
            {
                var (key, entry) = _touched[i];
                if (entry.LastGroup > group)
                {
                    // Acquired by a group still waiting for its ReadyForQuery.
                    _touched[kept++] = _touched[i];
                    continue;
                }
                entry.Touched = false;
                if (error && entry.LastGroup == group)
                {
                    _byKey.Remove(key);
                }
                else
                {
                    entry.Confirmed = true;
                }
            }
            _touched.RemoveRange(kept, _touched.Count - kept);
            Volatile.Write(ref _touchedCount, _touched.Count);
        }
    }

    /// <summary>Forgets every entry (the client may have run DEALLOCATE ALL or DISCARD ALL).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _byKey.Clear();
            _touched.Clear();
            Volatile.Write(ref _touchedCount, 0);
        }
    }

    private void Touch(StatementKey key, Entry entry, int group)
    {
        entry.LastGroup = group;
        if (!entry.Touched)
        {
            entry.Touched = true;
            _touched.Add((key, entry));
            Volatile.Write(ref _touchedCount, _touched.Count);
        }
    }

    /// <summary>A statement as the server prepares it: text and declared parameter types (no string built per lookup).</summary>
    private readonly record struct StatementKey(string Text, int[] ParameterTypes)
    {
        public bool Equals(StatementKey other) =>
            string.Equals(Text, other.Text, StringComparison.Ordinal) && ParameterTypes.AsSpan().SequenceEqual(other.ParameterTypes);

        public override int GetHashCode() => HashCode.Combine(Text, ParameterTypes.Length);
    }

    private sealed class Entry(string name)
    {
        public string Name { get; } = name;

        public bool Confirmed { get; set; }

        public int LastGroup { get; set; }

        /// <summary>The entry is in the touched list.</summary>
        public bool Touched { get; set; }
    }
}
