namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>
/// Identifies a rewrite: the same text, read under the same policy version, catalog version, rules in force
/// and session settings, always rewrites the same way.
/// </summary>
public readonly struct RewriteCacheKey : IEquatable<RewriteCacheKey>
{
    private readonly int _hash;

    /// <summary>Creates a key.</summary>
    public RewriteCacheKey(string dialect, string sql, string subjectClass, string policyVersion, string catalogVersion, string sessionKey)
    {
        Dialect = dialect ?? throw new ArgumentNullException(nameof(dialect));
        Sql = sql ?? throw new ArgumentNullException(nameof(sql));
        SubjectClass = subjectClass ?? throw new ArgumentNullException(nameof(subjectClass));
        PolicyVersion = policyVersion ?? throw new ArgumentNullException(nameof(policyVersion));
        CatalogVersion = catalogVersion ?? throw new ArgumentNullException(nameof(catalogVersion));
        SessionKey = sessionKey ?? throw new ArgumentNullException(nameof(sessionKey));

        // Computed once: the statement text dominates the cost and lookups hash the key only here.
        _hash = HashCode.Combine(
            StringComparer.Ordinal.GetHashCode(sql),
            StringComparer.Ordinal.GetHashCode(subjectClass),
            StringComparer.Ordinal.GetHashCode(policyVersion),
            StringComparer.Ordinal.GetHashCode(catalogVersion),
            StringComparer.Ordinal.GetHashCode(sessionKey),
            StringComparer.Ordinal.GetHashCode(dialect));
    }

    /// <summary>Dialect of the rewriter.</summary>
    public string Dialect { get; }

    /// <summary>Statement text.</summary>
    public string Sql { get; }

    /// <summary><see cref="Rewriting.SubjectClass.Key"/>.</summary>
    public string SubjectClass { get; }

    /// <summary>Policy version (SM3 of the file).</summary>
    public string PolicyVersion { get; }

    /// <summary>Catalog snapshot version.</summary>
    public string CatalogVersion { get; }

    /// <summary><see cref="SessionSettings.CacheKey"/>.</summary>
    public string SessionKey { get; }

    /// <summary>The key for <paramref name="request"/> under <paramref name="dialect"/>.</summary>
    public static RewriteCacheKey For(string dialect, RewriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RewriteCacheKey(
            dialect,
            request.Sql,
            request.Subject.Key,
            request.Policy.Version,
            request.Catalog.Version,
            request.Session.CacheKey);
    }

    /// <inheritdoc />
    public bool Equals(RewriteCacheKey other) =>
        _hash == other._hash
        && string.Equals(Sql, other.Sql, StringComparison.Ordinal)
        && string.Equals(SubjectClass, other.SubjectClass, StringComparison.Ordinal)
        && string.Equals(PolicyVersion, other.PolicyVersion, StringComparison.Ordinal)
        && string.Equals(CatalogVersion, other.CatalogVersion, StringComparison.Ordinal)
        && string.Equals(SessionKey, other.SessionKey, StringComparison.Ordinal)
        && string.Equals(Dialect, other.Dialect, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RewriteCacheKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <summary>Equality.</summary>
    public static bool operator ==(RewriteCacheKey left, RewriteCacheKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(RewriteCacheKey left, RewriteCacheKey right) => !left.Equals(right);
}
