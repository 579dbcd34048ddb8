namespace MaskingProxy.AuditLog.Records;

/// <summary>
/// The members that end every sealed line, after the canonical record they protect: the canonical
/// object's closing brace becomes <c>,"hash":"HEX","mac":"HEX"[,"sig":"HEX"]}</c>, always in this
/// order and in lowercase hex (docs/audit-format.md §2). One writer for the sealer and for the index
/// verifier, which rebuilds lines from shipped documents and must produce the very same bytes.
/// </summary>
internal static class IntegrityMembers
{
    /// <summary>Replaces the closing brace that ends <paramref name="output"/> with the integrity members (no line feed).</summary>
    /// <param name="signature">Checkpoints only; null writes no <c>sig</c>.</param>
    public static void Append(ByteBuffer output, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> mac, byte[]? signature)
    {
        output.Truncate(output.Length - 1);
        output.Write(",\"hash\":\""u8);
        output.WriteHex(hash);
        output.Write("\",\"mac\":\""u8);
        output.WriteHex(mac);
        if (signature is not null)
        {
            output.Write("\",\"sig\":\""u8);
            output.WriteHex(signature);
        }

        output.Write("\"}"u8);
    }
}
