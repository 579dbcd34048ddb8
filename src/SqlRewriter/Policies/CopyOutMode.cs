namespace MaskingProxy.SqlRewriter.Policies;

/// <summary><c>defaults.copy_out</c>: INSERT..SELECT, CREATE TABLE AS, SELECT INTO, COPY TO.</summary>
public enum CopyOutMode
{
    /// <summary>Copy masked values (default).</summary>
    Mask,

    /// <summary>Deny the statement.</summary>
    Deny,
}
