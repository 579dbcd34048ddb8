using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.Proxy.Sessions;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// The audit sink over the durable local log (SPEC §6). Records are built and serialized on the
/// calling session's thread and queued to the writer, which chains, MACs and group-commits them on
/// its own thread; nothing here blocks. Statement records are in <c>AuditLogSink.Statements.cs</c>.
/// <para>
/// No continuation is attached per append (that would cost a thread-pool work item per record): the
/// writer marks failed appends observed and counts them, so a record nobody awaits (outcomes,
/// connections) never surfaces as an UnobservedTaskException.
/// </para>
/// </summary>
public sealed partial class AuditLogSink : IAuditSink
{
    private readonly AuditLogWriter _writer;
    private readonly Func<string, int, int, string> _normalize;
    private readonly ILogger? _logger;
    private long _recordsAppended;
    private long _appendFailures;
    private long _outcomesFolded;
    private volatile bool _closed;

    /// <param name="writer">The open writer; the sink never closes it (see <see cref="AuditSetup"/>).</param>
    /// <param name="normalizer">
    /// Turns one statement of a text (text, start, length) into its literal-free form; may throw for text it
    /// cannot parse. A range, so that the statements of a multi-statement text are looked up without a copy.
    /// </param>
    /// <param name="logger">Where write failures are reported (at most one warning per 10 s).</param>
    public AuditLogSink(AuditLogWriter writer, Func<string, int, int, string> normalizer, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(normalizer);
        _writer = writer;
        _normalize = normalizer;
        _logger = logger;
        _writer.BatchCompleted += DrainWaitingOutcomes;
    }

    /// <summary>False while the writer fails (it retries on its own) and once the log is closed for shutdown.</summary>
    public bool IsAvailable => !_closed && _writer.IsHealthy;

    /// <summary>Only durability: sync holds results for their records (SPEC §6); batch has a loss window instead.</summary>
    public bool WaitForDurability => _writer.Durability == DurabilityMode.Sync;

    /// <summary>Records handed to the writer, including those that then failed.</summary>
    public long RecordsAppended => Interlocked.Read(ref _recordsAppended);

    /// <summary>Outcomes written into their still-queued statement record instead of a record of their own.</summary>
    public long OutcomesFolded => Interlocked.Read(ref _outcomesFolded);

    /// <summary>Records the writer could not take (their statements were refused or their events lost).</summary>
    public long AppendFailures => Interlocked.Read(ref _appendFailures) + _writer.RejectedAppends;

    internal AuditLogWriter Writer => _writer;

    public void Connection(SessionFacts facts, ConnectionEvent connectionEvent, string? reason, TimeSpan? duration)
        => Append(new ConnectionRecord
        {
            Phase = connectionEvent == ConnectionEvent.Opened ? ConnectionPhase.Open : ConnectionPhase.Close,
            Subject = Subjects.Of(facts),
            Database = facts.Database,
            Protocol = facts.Protocol,
            Tls = facts.ClientTls,
            Reason = reason,
            DurationMicros = duration?.Ticks / TimeSpan.TicksPerMicrosecond,
        });

    public void Authentication(SessionFacts facts, bool success, string? method, string? sqlState, string? reason)
        => Append(new AuthenticationRecord
        {
            Outcome = success ? AuthenticationOutcome.Success : AuthenticationOutcome.Failure,
            Subject = Subjects.Of(facts),
            Database = facts.Database,
            Protocol = facts.Protocol,
            Method = method,
            SqlState = sqlState,
            Reason = reason,
        });

    public void Policy(bool accepted, bool initial, string? version, string? previousVersion, string? name, string? path, string? errors)
        => Append(new PolicyRecord
        {
            Action = initial ? PolicyAction.Load : PolicyAction.Reload,
            Outcome = accepted ? PolicyOutcome.Accepted : PolicyOutcome.Rejected,
            Version = version,
            PreviousVersion = previousVersion,
            Name = name,
            Path = path,
            Error = errors,
        });

    /// <summary>From now on <see cref="IsAvailable"/> is false: the log is being closed for shutdown.</summary>
    internal void MarkClosed() => _closed = true;

    /// <summary>Queues one record. Never throws: a record that cannot even be serialized yields a faulted task.</summary>
    private Task<AuditTicket> Append(AuditRecord record)
    {
        Interlocked.Increment(ref _recordsAppended);
        Task<AuditTicket> task;
        try
        {
            task = _writer.AppendAsync(record);
        }
        catch (Exception ex)
        {
            // Only a bug can get here (a value the serializer rejects); the statement must still
            // not run unaudited, so it is reported like an unwritable log.
            task = Task.FromException<AuditTicket>(new AuditLogUnavailableException("The audit record could not be serialized: " + ex.Message, ex));
            _ = task.Exception; // observed, like the writer's own rejections
            Interlocked.Increment(ref _appendFailures);
        }

        return task;
    }
}
