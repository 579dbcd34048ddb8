using MaskingProxy.Crypto;

namespace MaskingProxy.SqlRewriter.Catalog;

public sealed partial class CatalogSnapshot
{
    // The version hashes the canonical JSON (ordered content, no version field), so a snapshot saved and
    // loaded again, or loaded twice from an unchanged database, has the same version.
    private static string ComputeVersion(CatalogSnapshot snapshot) =>
        Sm3.HashHex(CatalogJson.ToCanonicalBytes(snapshot));
}
