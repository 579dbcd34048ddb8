using BenchmarkDotNet.Attributes;
using MaskingProxy.Crypto;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace MaskingProxy.Benchmarks.Audit;

/// <summary>
/// The per-record CPU cost, single-threaded and without I/O: SM3 of a typical line, HMAC-SM3 of a
/// hash, and sealing (serialize + chain hash + MAC) a record, plus SM2 checkpoint signing.
/// </summary>
[Config(typeof(AllCoresConfig))]
public class SealBenchmarks
{
    private static readonly StatementOutcome Outcome = new() { Status = OutcomeStatus.Success, SqlState = "00000", Rows = 1, DurationMicros = 412 };
    private readonly byte[] _line = new byte[TypicalRecords.LineLength()];
    private readonly byte[] _hash = new byte[32];
    private readonly byte[] _mac = new byte[32];
    private readonly Sm3Hasher _sm3 = new();
    private readonly HmacSm3 _hmac = new(TypicalRecords.Keys.HmacKey);
    private readonly Sm2Signer _signer = new(TypicalRecords.Keys.SigningKey!);
    private readonly StatementRecord _record = TypicalRecords.Statement();
    private readonly ByteBuffer _output = new(4096);
    private readonly SM3Digest _bcSm3 = new();
    private readonly HMac _bcHmac = new(new SM3Digest());
    private ChainSealer _sealer = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_line);
        _bcHmac.Init(new KeyParameter(TypicalRecords.Keys.HmacKey.ToArray()));
        _sealer = new ChainSealer("0123456789abcdef0123456789abcdef", 1, new byte[32], TypicalRecords.Keys.HmacKey, null);

        // Appended twice, as a prepared statement's record is: its event bytes are kept from now on.
        _record.WriteEventTo(_output);
        _record.WriteEventTo(_output);
    }

    [Benchmark]
    public void Sm3TypicalLine()
    {
        _sm3.Append(_line);
        _sm3.Finish(_hash);
    }

    /// <summary>The previous implementation, kept as the reference point for the managed SM3.</summary>
    [Benchmark]
    public int Sm3TypicalLineBouncyCastle()
    {
        _bcSm3.BlockUpdate(_line, 0, _line.Length);
        return _bcSm3.DoFinal(_hash, 0);
    }

    [Benchmark]
    public void HmacSm3OfHash() => _hmac.Compute(_hash, _mac);

    [Benchmark]
    public int HmacSm3OfHashBouncyCastle()
    {
        _bcHmac.BlockUpdate(_hash, 0, _hash.Length);
        return _bcHmac.DoFinal(_mac, 0);
    }

    [Benchmark]
    public long SealRecord()
    {
        _output.Clear();
        return _sealer.Seal(_record, DateTimeOffset.UnixEpoch, _output);
    }

    /// <summary>The event of a record appended for the first time: serialized in full.</summary>
    [Benchmark]
    public int SerializeStatementEvent()
    {
        _output.Clear();
        _record.WriteEvent(new CanonicalJsonWriter(_output));
        return _output.Length;
    }

    /// <summary>The same event from its record's second append on: copied from the kept bytes.</summary>
    [Benchmark]
    public int CopyKeptStatementEvent()
    {
        _output.Clear();
        _record.WriteEventTo(_output);
        return _output.Length;
    }

    /// <summary>A queued record's copy with its outcome (batch mode's usual case), serialized in full.</summary>
    [Benchmark]
    public int SerializeStatementWithOutcome()
    {
        _output.Clear();
        _record.WithOutcome(Outcome).WriteEvent(new CanonicalJsonWriter(_output));
        return _output.Length;
    }

    /// <summary>The same copy, its outcome spliced into the kept bytes of the record it was made from.</summary>
    [Benchmark]
    public int SpliceOutcomeIntoKeptEvent()
    {
        _output.Clear();
        _record.WithOutcome(Outcome).WriteEventTo(_output);
        return _output.Length;
    }

    [Benchmark]
    public byte[] Sm2SignCheckpoint() => _signer.Sign(_hash);
}
