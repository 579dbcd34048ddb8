using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Crypto;

public class KeyMaterialTests
{
    [Fact]
    public void Keys_init_writes_owner_only_secrets_that_load_back()
    {
        using var dir = new TempDirectory();
        var outDir = dir.Combine("keys");
        var paths = AuditKeyFiles.Init(outDir);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.HmacKey));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.SigningKey));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite, File.GetUnixFileMode(outDir));
        Assert.Matches("^[0-9a-f]{64}\n$", File.ReadAllText(paths.HmacKey));

        var keys = KeyMaterial.Load(paths.HmacKey, paths.SigningKey, paths.PublicKey, _ => null);
        Assert.Equal(32, keys.HmacKey.Length);
        Assert.NotNull(keys.SigningKey);
        Assert.Equal(keys.SigningKey!.PublicKey.KeyId, keys.PublicKey!.KeyId);
        Assert.Empty(keys.Warnings);
        keys.RequireWriterKeys();
    }

    [Fact]
    public void Keys_init_refuses_to_overwrite()
    {
        using var dir = new TempDirectory();
        AuditKeyFiles.Init(dir.Path);
        Assert.Throws<AuditKeyException>(() => AuditKeyFiles.Init(dir.Path));
        AuditKeyFiles.Init(dir.Path, overwrite: true);
    }

    [Fact]
    public void Keys_come_from_environment_when_no_file_is_configured()
    {
        var pair = Sm2KeyPair.Generate();
        var env = new Dictionary<string, string>
        {
            [KeyMaterial.HmacKeyVariable] = Convert.ToBase64String(new byte[32]),
            [KeyMaterial.SigningKeyVariable] = pair.ExportPem(),
        };
        var keys = KeyMaterial.Load(null, null, null, env.GetValueOrDefault);
        Assert.Equal(new byte[32], keys.HmacKey.ToArray());
        Assert.Equal(pair.PublicKey.KeyId, keys.PublicKey!.KeyId);

        var verifierOnly = KeyMaterial.Load(null, null, null, name => name == KeyMaterial.PublicKeyVariable ? pair.PublicKey.ExportPem() : null);
        Assert.False(verifierOnly.HasHmacKey);
        Assert.Null(verifierOnly.SigningKey);
        Assert.Equal(pair.PublicKey.KeyId, verifierOnly.PublicKey!.KeyId);
        Assert.Throws<AuditKeyException>(verifierOnly.RequireWriterKeys);
    }

    [Fact]
    public void Loose_permissions_produce_a_warning()
    {
        using var dir = new TempDirectory();
        var paths = AuditKeyFiles.Init(dir.Path);
        File.SetUnixFileMode(paths.HmacKey, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var keys = KeyMaterial.Load(paths.HmacKey, null, null, _ => null);
        Assert.Single(keys.Warnings);
    }

    [Theory]
    [InlineData("0102030405060708090a0b0c0d0e0f10", 16)]
    [InlineData("  AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n", 32)]
    public void Hmac_key_text_is_hex_or_base64(string text, int length)
        => Assert.Equal(length, KeyMaterial.ParseHmacKey(text).Length);

    [Theory]
    [InlineData("0102")]
    [InlineData("not a key at all!")]
    public void Short_or_malformed_hmac_keys_are_rejected(string text)
        => Assert.Throws<AuditKeyException>(() => KeyMaterial.ParseHmacKey(text));

    [Fact]
    public void Mismatched_public_key_is_rejected()
        => Assert.Throws<AuditKeyException>(() => new KeyMaterial(new byte[32], Sm2KeyPair.Generate(), Sm2KeyPair.Generate().PublicKey));
}
