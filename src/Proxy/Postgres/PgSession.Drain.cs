using MaskingProxy.Proxy.Observability;
using MaskingProxy.Proxy.Postgres.Protocol;

namespace MaskingProxy.Proxy.Postgres;

public sealed partial class PgSession
{
    private static readonly byte[] TerminateMessage = [(byte)FrontendCode.Terminate, 0, 0, 0, 4];

    private int _terminating;

    /// <summary>
    /// Shutdown: an idle session closes now; a busy one closes at its next ReadyForQuery with no
    /// request outstanding. The host aborts whatever is left when the drain bound expires.
    /// </summary>
    public void BeginDrain()
    {
        _draining = true;
        if (!Busy && _startupReadySeen)
        {
            _ = TerminateForShutdownAsync();
        }
    }

    /// <summary>Drain bound expired: tell the client and close.</summary>
    public async Task ForceCloseAsync()
    {
        _context.Metrics.Error(ErrorKind.DrainForced);
        await TerminateForShutdownAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the session the way a server shutting down does: FATAL 57P01 to the client, a Terminate
    /// to the backend so it ends its session cleanly.
    /// </summary>
    private async Task TerminateForShutdownAsync()
    {
        if (Interlocked.Exchange(ref _terminating, 1) != 0)
        {
            return;
        }
        await SendFatalAsync(SqlState.AdminShutdown, "terminating connection due to administrator command").ConfigureAwait(false);
        try
        {
            if (_backendStream is not null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await WriteBackendAsync(TerminateMessage, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsDisconnect(ex) || ex is InvalidOperationException)
        {
            // The backend is already gone.
        }
        Abort();
    }
}
