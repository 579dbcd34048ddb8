using Org.BouncyCastle.Crypto.Digests;

namespace MaskingProxy.AuditLog.Crypto;

/// <summary>
/// Reusable incremental SM3. Not thread-safe: one per writer/verifier worker.
/// BouncyCastle 1.8.10 has no span overloads, so spans are staged through a small scratch array
/// instead of allocating a copy per record.
/// </summary>
internal sealed class Sm3Hasher
{
    private readonly SM3Digest _digest = new();
    private readonly byte[] _scratch = new byte[1024];

    public void Append(byte[] buffer, int offset, int count) => _digest.BlockUpdate(buffer, offset, count);

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var n = Math.Min(data.Length, _scratch.Length);
            data[..n].CopyTo(_scratch);
            _digest.BlockUpdate(_scratch, 0, n);
            data = data[n..];
        }
    }

    public void Append(byte value) => _digest.Update(value);

    /// <summary>Writes the digest and resets the state for the next message.</summary>
    public void Finish(Span<byte> destination)
    {
        if (destination.Length < Sm3.HashSize)
        {
            throw new ArgumentException("Destination must hold 32 bytes.", nameof(destination));
        }

        _digest.DoFinal(_scratch, 0);
        _scratch.AsSpan(0, Sm3.HashSize).CopyTo(destination);
    }

    public void Reset() => _digest.Reset();
}
