using System.Security.Cryptography;

namespace MaskingProxy.AuditLog.Crypto;

/// <summary>Finds one PEM block of an expected label and decodes it.</summary>
internal static class PemText
{
    public static byte[] Decode(string pem, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var text = pem.AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label].ToString();
            if (Array.IndexOf(labels, label) >= 0)
            {
                return Convert.FromBase64String(text[fields.Base64Data].ToString());
            }

            text = text[fields.Location.End..];
        }

        throw new AuditKeyException($"No PEM block labelled {string.Join(" or ", labels)} found.");
    }

    public static string Label(string pem)
    {
        return PemEncoding.TryFind(pem, out var fields)
            ? pem[fields.Label]
            : throw new AuditKeyException("Not PEM text.");
    }
}
