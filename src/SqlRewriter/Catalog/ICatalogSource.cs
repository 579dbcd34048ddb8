namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>Somewhere a <see cref="CatalogSnapshot"/> can be (re)loaded from: a live database or a file.</summary>
public interface ICatalogSource
{
    /// <summary>Human-readable description for logs (never contains a password).</summary>
    string Description { get; }

    /// <summary>Loads a fresh snapshot.</summary>
    Task<CatalogSnapshot> LoadAsync(CancellationToken cancellationToken = default);
}
