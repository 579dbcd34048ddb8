namespace MaskingProxy.Proxy.Hosting.Config;

/// <summary>One problem in a config file, located the way editors and compilers print it.</summary>
public sealed record ConfigError(string File, long Line, long Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
