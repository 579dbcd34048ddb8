using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Verify;
using MaskingProxy.Proxy.Auditing;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Auditing;

/// <summary>
/// A scratch folder with a fresh key set (keys init) and an audit directory, a real writer over it and
/// the sink under test; read back with the library's own parser and verifier, as an auditor would.
/// </summary>
internal sealed class AuditTestLog : IAsyncDisposable
{
    private AuditTestLog(string root)
    {
        Root = root;
        Directory = Path.Combine(root, "audit");
        Keys = AuditKeyFiles.Init(Path.Combine(root, "keys"));
    }

    public string Root { get; }

    public string Directory { get; }

    public KeyFilePaths Keys { get; }

    public AuditLogWriter Writer { get; private set; } = null!;

    public AuditLogSink Sink { get; private set; } = null!;

    /// <summary>Only what a verifier gets: the HMAC key and the public key.</summary>
    public KeyMaterial VerifierKeys => KeyMaterial.Load(Keys.HmacKey, null, Keys.PublicKey);

    /// <summary>Folder and keys only; no writer (for <see cref="AuditSetup"/> tests).</summary>
    public static AuditTestLog Create() => new(Path.Combine(Path.GetTempPath(), "proxy-audit-tests-" + Guid.NewGuid().ToString("N")));

    public static AuditTestLog Open(Func<string, int, int, string>? normalizer = null, AuditLogOptions? options = null)
    {
        var log = Create();
        log.Writer = AuditLogWriter.Open(options is null ? new AuditLogOptions { Directory = log.Directory } : options with { Directory = log.Directory }, KeyMaterial.Load(log.Keys.HmacKey, log.Keys.SigningKey));
        log.Sink = new AuditLogSink(log.Writer, normalizer ?? AuditSetup.DefaultNormalizer());
        return log;
    }

    /// <summary>
    /// Waits until the sink has handed <paramref name="count"/> records to the writer (outcomes may
    /// follow their statement's durability), counting an outcome folded into its statement record as one.
    /// </summary>
    public async Task WaitForAppendsAsync(long count)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (Sink.RecordsAppended + Sink.OutcomesFolded < count)
        {
            Assert.True(Environment.TickCount64 < deadline, $"{Sink.RecordsAppended} records appended and {Sink.OutcomesFolded} outcomes folded, of {count}");
            await Task.Delay(5);
        }
    }

    /// <summary>Closes the writer (shutdown checkpoint) and returns every record in log order.</summary>
    public async Task<List<AuditEntry>> CloseAndReadAsync()
    {
        await Writer.CloseAsync();
        return Read();
    }

    public List<AuditEntry> Read() => [.. AuditSearch.Search(Directory, new AuditQuery())];

    public VerifyResult Verify() => AuditVerifier.Verify(Directory, VerifierKeys);

    public async ValueTask DisposeAsync()
    {
        if (Writer is not null)
        {
            try
            {
                await Writer.CloseAsync();
            }
            catch (AuditLogException)
            {
                // A test that broke the directory on purpose; nothing to keep.
            }
        }

        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
