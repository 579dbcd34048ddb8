using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Masking;

/// <summary>Log messages of the masking components; never statement text or values.</summary>
internal static partial class MaskingLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "catalog loaded from {Source}: {Relations} relations, version {Version}")]
    public static partial void CatalogLoaded(ILogger logger, string source, int relations, string version);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "catalog load from {Source} failed, keeping the previous snapshot: {Reason}")]
    public static partial void CatalogLoadFailed(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "policy {Name} version {Version} in force (previous {Previous})")]
    public static partial void PolicyChanged(ILogger logger, string name, string version, string previous);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "policy reload of {Path} rejected, version {Version} stays in force:\n{Errors}")]
    public static partial void PolicyRejected(ILogger logger, string path, string version, string errors);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error, Message = "hash mask key unavailable: {Reason}")]
    public static partial void HashKeyMissing(ILogger logger, string reason);
}
