namespace MaskingProxy.Proxy.Interception;

/// <summary>Which protocol message carried a statement's text.</summary>
public enum StatementSource
{
    /// <summary>A simple-protocol Query; may hold several statements.</summary>
    SimpleQuery,

    /// <summary>An extended-protocol Parse; exactly one statement (or none).</summary>
    Parse,
}
