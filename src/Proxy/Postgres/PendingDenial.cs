namespace MaskingProxy.Proxy.Postgres;

/// <summary>A denial whose marker is on its way to the backend.</summary>
/// <param name="SyncGroup">ReadyForQuery-producing messages sent before it; its error arrives before ReadyForQuery number SyncGroup + 1.</param>
internal readonly record struct PendingDenial(string Message, string SqlState, int SyncGroup);
