namespace MaskingProxy.AuditLog.Shipping;

/// <summary>Elasticsearch's rules for index names, checked up front so a typo fails at start, not on every bulk request.</summary>
internal static class IndexName
{
    public static void Validate(string index)
    {
        ArgumentException.ThrowIfNullOrEmpty(index);
        if (index.Length > 255 || index is "." or ".." || index[0] is '-' or '_' or '+'
            || index.Any(c => char.IsUpper(c) || c is '\\' or '/' or '*' or '?' or '"' or '<' or '>' or '|' or ' ' or ',' or '#' or ':' || c < 0x20))
        {
            throw new ArgumentException($"'{index}' is not a valid Elasticsearch index name (lowercase, no \\ / * ? \" < > | , # : or spaces, not starting with - _ +).", nameof(index));
        }
    }
}
