namespace MaskingProxy.Proxy.Interception;

public enum StatementVerdict
{
    /// <summary>Send the statement as the client wrote it.</summary>
    Forward,

    /// <summary>Send <see cref="StatementDecision.Text"/> instead.</summary>
    Rewrite,

    /// <summary>Do not run it; the client gets SQLSTATE 42501 with the reason.</summary>
    Deny,
}
