using System.Runtime.CompilerServices;

namespace MaskingProxy.AuditLog.Records;

/// <summary>32 inline bytes (a hash or MAC) so parsed lines carry digests without heap allocations.</summary>
[InlineArray(32)]
internal struct Bytes32
{
    private byte _element0;

    public readonly bool IsZero => ((ReadOnlySpan<byte>)this).IndexOfAnyExcept((byte)0) < 0;
}
