using System.Diagnostics;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;

namespace MaskingProxy.AuditLog.Log;

/// <summary>
/// The durable local audit log: append-only segment files in one directory, one hash chain,
/// group commit on a dedicated writer thread.
/// <para>
/// Callers serialize their record on their own thread; the writer thread assigns sequence numbers,
/// chains and MACs every queued record, writes the whole batch with one write and (in
/// <see cref="DurabilityMode.Sync"/>) one fsync, then completes the batch's tasks. Signed
/// checkpoints are added per <see cref="CheckpointPolicy"/>, at rotation and at close.
/// </para>
/// <para>
/// If writing or fsync fails, that batch's appends fail with <see cref="AuditLogUnavailableException"/>,
/// the chain head rolls back to the last record that was acknowledged, and the writer goes
/// unhealthy. Every <see cref="AuditLogOptions.RetryInterval"/> (on the next append or on its own
/// timer) it reopens the segment, truncates it to the last fsynced offset, rewrites what was
/// acknowledged but not yet synced (batch mode), fsyncs, checks the length and writes a
/// "write_failure" recovery record; then appends work again. An fsync failure is never taken as
/// success: Linux may drop the dirty pages, so the bytes are rewritten from memory.
/// </para>
/// </summary>
public sealed partial class AuditLogWriter : IAsyncDisposable
{
    private readonly AuditLogOptions _options;
    private readonly IAuditFileSystem _fileSystem;
    private readonly TimeProvider _time;
    private readonly DirectoryLock _lock;
    private readonly ChainSealer _sealer;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<PendingAppend> _incoming = [];
    private List<PendingAppend> _draining = [];

    // The queued bodies, copied one after the other (under the gate) and swapped with the queue: no
    // buffer per append, and none rented on the caller's thread to be returned on the writer's.
    private ByteBuffer _incomingBytes = new(64 * 1024);
    private ByteBuffer _drainingBytes = new(64 * 1024);

    /// <summary>A thread's serialization buffer is not kept once a record made it larger than this.</summary>
    private const int MaxThreadBodyBytes = 64 * 1024;

    /// <summary>Each appending thread serializes into its own buffer before the body is queued.</summary>
    [ThreadStatic]
    private static ByteBuffer? t_body;
    private bool _closing;
    private volatile Exception? _fault;

    private AuditLogWriter(AuditLogOptions options, KeyMaterial keys, DirectoryLock directoryLock, StartupState state)
    {
        _options = options;
        _fileSystem = options.FileSystem;
        _time = options.Time;
        _lock = directoryLock;
        _sealer = new ChainSealer(state.ChainId, state.NextSeq, state.LastHash, keys.HmacKey, new Sm2Signer(keys.SigningKey!));
        _thread = new Thread(Run) { IsBackground = true, Name = "audit-log-writer" };
    }

    private long _rejectedAppends;

    /// <summary>Appends that failed (write error, closed writer) since the writer opened.</summary>
    public long RejectedAppends => Interlocked.Read(ref _rejectedAppends);

    private long _syncs;

    /// <summary>
    /// Successful fsyncs of the segment since the writer opened: in sync mode one per group commit,
    /// so records appended divided by this is the group commit's size.
    /// </summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    private long _writes;
    private long _writeTicksTotal;
    private long _syncTicksTotal;

    /// <summary>Writes of record data to the segment (reservations of zeros not counted).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// Time spent inside those writes. With <see cref="Syncs"/> and <see cref="SyncTime"/> it tells an
    /// operator what a group commit costs on their disk: in sync mode every statement's result waits
    /// for about one and a half of them (the rest of the commit in flight, then its own).
    /// </summary>
    public TimeSpan WriteTime => TicksToTime(Interlocked.Read(ref _writeTicksTotal));

    /// <summary>Time spent inside the successful fsyncs counted by <see cref="Syncs"/>.</summary>
    public TimeSpan SyncTime => TicksToTime(Interlocked.Read(ref _syncTicksTotal));

    private static TimeSpan TicksToTime(long stopwatchTicks) => TimeSpan.FromSeconds((double)stopwatchTicks / Stopwatch.Frequency);

    /// <summary>Sync: appends complete once fsynced; batch: once written, fsynced within the interval.</summary>
    public DurabilityMode Durability => _options.Durability;

    /// <summary>The chain this writer appends to.</summary>
    public string ChainId => _sealer.ChainId;

    /// <summary>What start-up found (new chain, torn tail cut, unclean previous run).</summary>
    public StartupReport Startup { get; private set; } = null!;

    /// <summary>False while writes fail (appends are refused); true again after the writer recovered.</summary>
    public bool IsHealthy => _fault is null;

    /// <summary>The failure that made the writer unhealthy, if it is.</summary>
    public Exception? LastFailure => _fault;

    /// <summary>
    /// Opens the directory: takes the lock, inspects and repairs the tail (cuts a torn last line,
    /// writes a recovery record after an unclean stop), verifies the last segment, and starts the
    /// writer thread.
    /// </summary>
    /// <exception cref="AuditLogLockedException">Another writer holds the directory.</exception>
    /// <exception cref="AuditChainCorruptException">The existing chain is damaged; the writer refuses it.</exception>
    /// <exception cref="Crypto.AuditKeyException">The HMAC or signing key is missing.</exception>
    /// <exception cref="AuditLogUnavailableException">The directory or its files cannot be created, read or written.</exception>
    public static AuditLogWriter Open(AuditLogOptions options, KeyMaterial keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        keys.RequireWriterKeys();
        Validate(options);
        DirectoryLock directoryLock;
        try
        {
            if (!Directory.Exists(options.Directory))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(options.Directory);
                }
                else
                {
                    Directory.CreateDirectory(options.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            directoryLock = DirectoryLock.Acquire(options.Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AuditLogUnavailableException($"Cannot open the audit directory {options.Directory}: {ex.Message}", ex);
        }

        try
        {
            var state = StartupScan.Run(options.Directory, keys, options.FileSystem);
            var writer = new AuditLogWriter(options, keys, directoryLock, state);
            writer.Start(state);
            return writer;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            directoryLock.Dispose();
            throw new AuditLogUnavailableException($"Cannot read the audit log in {options.Directory}: {ex.Message}", ex);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    private static void Validate(AuditLogOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Directory, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Checkpoints.Records, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Checkpoints.Interval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Checkpoints.MinInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.BatchFlushInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchFlushBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SegmentMaxBytes, 1024, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RetryInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SyncGatherLimit, TimeSpan.Zero, nameof(options));
    }

    /// <summary>
    /// Queues <paramref name="record"/>. The task completes when the record is durable
    /// (<see cref="DurabilityMode.Sync"/>) or written (<see cref="DurabilityMode.Batch"/>), and
    /// faults with <see cref="AuditLogUnavailableException"/> when it cannot be written.
    /// Serialization problems (e.g. an integer out of range) throw synchronously.
    /// </summary>
    public Task<AuditTicket> AppendAsync(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record is CheckpointRecord or SegmentRecord or RecoveryRecord)
        {
            throw new ArgumentException($"'{record.Type}' records are written by the writer itself.", nameof(record));
        }

        var timestamp = record.Timestamp == default ? _time.GetUtcNow() : record.Timestamp;
        var body = t_body ??= new ByteBuffer(4096);
        body.Clear();
        var split = RecordSerializer.WriteBody(record, timestamp, body);
        var queued = Enqueue(new PendingAppend(PendingAppend.RequestKind.Append, split, _options.InlineCompletions) { Timestamp = timestamp }, body.Span);
        if (body.Array.Length > MaxThreadBodyBytes)
        {
            // A rare huge record: do not keep its buffer for the life of the thread.
            body.Dispose();
            t_body = null;
        }

        return queued;
    }

    /// <summary>Writes a signed checkpoint now ("manual") and makes it durable; returns its ticket.</summary>
    public Task<AuditTicket> CheckpointAsync() => Enqueue(new PendingAppend(PendingAppend.RequestKind.Checkpoint));

    /// <summary>Makes everything appended so far durable (fsync), also in batch mode.</summary>
    public Task FlushAsync() => Enqueue(new PendingAppend(PendingAppend.RequestKind.Flush));

    /// <summary>
    /// Drains queued appends, writes the shutdown checkpoint (the verifier's proof that the log
    /// was not truncated), fsyncs, closes the segment and releases the directory lock.
    /// Appends after this point fail with <see cref="AuditLogUnavailableException"/>.
    /// </summary>
    public Task CloseAsync()
    {
        lock (_gate)
        {
            _closing = true;
            Monitor.Pulse(_gate);
        }

        return _stopped.Task;
    }

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private Task<AuditTicket> Enqueue(PendingAppend pending, ReadOnlySpan<byte> body = default)
    {
        lock (_gate)
        {
            if (_closing)
            {
                var refused = Task.FromException<AuditTicket>(new AuditLogUnavailableException("The audit log writer is closed."));
                _ = refused.Exception; // observed: see Reject
                Interlocked.Increment(ref _rejectedAppends);
                return refused;
            }

            pending.BodyStart = _incomingBytes.Length;
            pending.BodyLength = body.Length;
            _incomingBytes.Write(body);
            _incoming.Add(pending);
            var urgent = pending.Kind != PendingAppend.RequestKind.Append;
            _urgent |= urgent;
            if (_incoming.Count == 1 || urgent || _incoming.Count == BatchGatherLimit)
            {
                Monitor.Pulse(_gate);
            }
        }

        return pending.Completion.Task;
    }
}
