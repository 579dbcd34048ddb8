using System.Reflection;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Records;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// The audit log's life in the process: <c>proxy_start</c> made durable when the log opens, a health
/// check before the listeners open, and at stop, after the listeners drained, <c>proxy_stop</c>
/// followed by the writer's shutdown checkpoint, which is what lets <c>audit verify</c> tell a clean
/// end from a truncated log.
/// </summary>
internal sealed class AuditLogService : IHostedService
{
    private static readonly string? ProductVersion =
        typeof(AuditLogService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private readonly AuditLogWriter _writer;
    private readonly AuditLogSink _sink;
    private readonly string _directory;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _closing;
    private volatile bool _started;

    public AuditLogService(AuditLogWriter writer, AuditLogSink sink, string directory, ILogger logger)
    {
        _writer = writer;
        _sink = sink;
        _directory = directory;
        _logger = logger;
    }

    /// <summary>
    /// Appends proxy_start and waits until it is durable. Called by <see cref="AuditSetup.Open"/>, so the
    /// record precedes everything of this run (the initial policy load included) and a log that cannot
    /// be written stops the start instead of refusing every statement.
    /// </summary>
    public void WriteStart()
    {
        try
        {
            _writer.AppendAsync(new ProxyStartRecord { Host = Environment.MachineName, ProcessId = Environment.ProcessId, Version = ProductVersion })
                .GetAwaiter().GetResult();
        }
        catch (AuditLogUnavailableException ex)
        {
            throw new AuditStartupException($"audit: cannot write to the audit log in {_directory}: {ex.Message}", ex);
        }

        _started = true;
    }

    /// <summary>The last check before the listeners open: a log failing now would only make them refuse every statement.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
        => _writer.LastFailure is { } failure
            ? Task.FromException(new AuditStartupException($"audit: the audit log in {_directory} cannot be written: {failure.Message}", failure))
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => CloseAsync("shutdown");

    /// <summary>Writes proxy_stop (when proxy_start was written) and closes the writer; later calls return the first call's task.</summary>
    public Task CloseAsync(string reason)
    {
        lock (_gate)
        {
            return _closing ??= CloseCoreAsync(reason);
        }
    }

    private async Task CloseCoreAsync(string reason)
    {
        await _sink.FlushWaitingOutcomesAsync().ConfigureAwait(false);
        _sink.MarkClosed();
        if (_started)
        {
            try
            {
                await _writer.AppendAsync(new ProxyStopRecord { Host = Environment.MachineName, ProcessId = Environment.ProcessId, Reason = reason }).ConfigureAwait(false);
            }
            catch (AuditLogException ex)
            {
                _logger.LogError("Audit proxy_stop record not written: {Error}", ex.Message);
            }
        }

        try
        {
            await _writer.CloseAsync().ConfigureAwait(false);
            _logger.LogInformation("Audit log {Directory} closed with a shutdown checkpoint", _directory);
        }
        catch (AuditLogException ex)
        {
            // Not rethrown: the host would turn it into a crash at exit, and the log says what to check.
            _logger.LogError("Audit log {Directory} not closed cleanly: {Error}. 'maskingproxy audit verify --dir {Directory}' shows the state of its tail.", _directory, ex.Message, _directory);
        }
    }
}
