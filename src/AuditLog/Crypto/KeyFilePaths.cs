namespace MaskingProxy.AuditLog.Crypto;

/// <summary>Where <see cref="AuditKeyFiles.Init"/> wrote the keys.</summary>
public sealed record KeyFilePaths(string HmacKey, string SigningKey, string PublicKey);
