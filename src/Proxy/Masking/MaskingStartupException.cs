namespace MaskingProxy.Proxy.Masking;

/// <summary>The masking configuration cannot be used; the message lists why.</summary>
public sealed class MaskingStartupException : Exception
{
    public MaskingStartupException(string message)
        : base(message)
    {
    }

    public MaskingStartupException()
    {
    }

    public MaskingStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
