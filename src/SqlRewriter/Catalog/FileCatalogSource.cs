namespace MaskingProxy.SqlRewriter.Catalog;

/// <summary>An <see cref="ICatalogSource"/> reading a <see cref="CatalogJson"/> file (<c>--catalog-file</c>).</summary>
public sealed class FileCatalogSource : ICatalogSource
{
    private readonly string _path;

    /// <summary>Creates the source.</summary>
    public FileCatalogSource(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
    }

    /// <inheritdoc />
    public string Description => "file " + _path;

    /// <inheritdoc />
    public async Task<CatalogSnapshot> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using FileStream stream = new(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return CatalogJson.Load(buffer);
    }
}
