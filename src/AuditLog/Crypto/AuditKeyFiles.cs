using System.Security.Cryptography;

namespace MaskingProxy.AuditLog.Crypto;

/// <summary>
/// <c>maskingproxy keys init --out DIR</c>: writes a fresh SM2 key pair and HMAC key.
/// Files: <see cref="HmacKeyFileName"/> (64 hex digits + LF, mode 0600),
/// <see cref="SigningKeyFileName"/> (PKCS#8 PEM, 0600), <see cref="PublicKeyFileName"/>
/// (SubjectPublicKeyInfo PEM, 0644). Secret files are created with mode 0600 from the start
/// (no window in which they are readable by others) and existing files are never overwritten
/// unless asked.
/// </summary>
public static class AuditKeyFiles
{
    public const string HmacKeyFileName = "audit.key";
    public const string SigningKeyFileName = "audit-sm2.pem";
    public const string PublicKeyFileName = "audit-sm2.pub.pem";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PublicMode = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Creates the three key files in <paramref name="outDirectory"/> (created 0700 if missing).</summary>
    /// <exception cref="AuditKeyException">A target file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static KeyFilePaths Init(string outDirectory, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(outDirectory);
        var paths = new KeyFilePaths(
            Path.Combine(outDirectory, HmacKeyFileName),
            Path.Combine(outDirectory, SigningKeyFileName),
            Path.Combine(outDirectory, PublicKeyFileName));

        try
        {
            if (!Directory.Exists(outDirectory))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(outDirectory);
                }
                else
                {
                    Directory.CreateDirectory(outDirectory, OwnerOnly | UnixFileMode.UserExecute);
                }
            }

            if (!overwrite)
            {
                foreach (var path in new[] { paths.HmacKey, paths.SigningKey, paths.PublicKey })
                {
                    if (File.Exists(path))
                    {
                        throw new AuditKeyException($"{path} already exists; refusing to overwrite audit keys.");
                    }
                }
            }

            var hmacKey = RandomNumberGenerator.GetBytes(32);
            var keyPair = Sm2KeyPair.Generate();
            WriteFile(paths.HmacKey, Convert.ToHexStringLower(hmacKey) + "\n", OwnerOnly, overwrite);
            CryptographicOperations.ZeroMemory(hmacKey);
            WriteFile(paths.SigningKey, keyPair.ExportPem(), OwnerOnly, overwrite);
            WriteFile(paths.PublicKey, keyPair.PublicKey.ExportPem(), PublicMode, overwrite);
            return paths;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AuditKeyException($"Cannot write audit keys to {outDirectory}: {ex.Message}", ex);
        }
    }

    private static void WriteFile(string path, string content, UnixFileMode mode, bool overwrite)
    {
        var options = new FileStreamOptions
        {
            Mode = overwrite ? FileMode.Create : FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        // UnixCreateMode is filtered by the umask and ignored for an existing file: set it explicitly.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
