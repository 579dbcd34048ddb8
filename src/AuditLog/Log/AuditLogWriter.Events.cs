namespace MaskingProxy.AuditLog.Log;

/// <summary>Notification after each group commit.</summary>
public sealed partial class AuditLogWriter
{
    /// <summary>
    /// Raised on the writer thread after each batch's tasks were completed (or faulted): the moment
    /// tickets change. Handlers must be short and must not wait for the writer; they may append.
    /// Lets a caller act on completed tickets without a timer or a continuation per append.
    /// </summary>
    public event Action? BatchCompleted;

    private void OnBatchCompleted()
    {
        try
        {
            BatchCompleted?.Invoke();
        }
        catch (Exception)
        {
            // A handler's failure is the handler's; the log goes on.
        }
    }
}
