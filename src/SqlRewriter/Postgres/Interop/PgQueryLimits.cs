namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// Resource limits for calls into libpg_query.
/// </summary>
/// <remarks>
/// libpg_query converts its parse tree to protobuf (and back, for deparse) with plain C recursion and no
/// stack-depth check. Measured on x86_64 with libpg_query 15-4.0: parsing costs ≈ 180 bytes of C stack
/// per protobuf message level, deparsing ≈ 1 KiB; a chain such as <c>SELECT 1+1+1…</c> adds one message
/// level per input byte. A 20 KB statement therefore overflows a 1.5 MiB thread-pool stack and kills
/// the process with SIGSEGV — for a proxy, a remote crash. Inputs that could need more than
/// <see cref="InlineStackBudgetBytes"/> run on dedicated threads with <see cref="DeepStackSizeBytes"/>
/// of stack, and inputs too large even for those are refused (<see cref="PgParseErrorKind.TooLarge"/>).
/// </remarks>
public sealed record PgQueryLimits
{
    /// <summary>Default limits.</summary>
    public static PgQueryLimits Default { get; } = new();

    /// <summary>
    /// Stack the wrapper may assume is free on the calling thread. .NET thread-pool threads on Linux
    /// have 1.5 MiB, of which the proxy's own call chain uses a part. Default 512 KiB.
    /// </summary>
    public int InlineStackBudgetBytes { get; init; } = 512 * 1024;

    /// <summary>
    /// Stack size of the dedicated threads used for large inputs. It is a virtual reservation; pages are
    /// committed only when touched. Default 512 MiB, which bounds accepted statements at about 2 MiB.
    /// </summary>
    public int DeepStackSizeBytes { get; init; } = 512 * 1024 * 1024;

    /// <summary>Maximum protobuf message nesting accepted in a parse tree (default 1000).</summary>
    /// <remarks>Deeper trees are refused with <see cref="PgParseErrorKind.TooDeep"/>; fail closed.</remarks>
    public int MaxTreeDepth { get; init; } = 1000;

    /// <summary>Number of dedicated deep-stack threads (default: processor count, at least 2).</summary>
    public int DeepStackThreads { get; init; } = Math.Max(2, Environment.ProcessorCount);
}
