using MaskingProxy.Proxy.Sessions;

namespace MaskingProxy.Proxy.Interception;

/// <summary>One statement text at the interception point, with the session it arrived on.</summary>
/// <param name="StatementName">Prepared statement name for Parse ("" = unnamed); null for simple queries.</param>
/// <param name="InTransactionBlock">True when the last ReadyForQuery said the session is inside a block.</param>
public readonly record struct StatementContext(
    SessionFacts Session,
    string Text,
    StatementSource Source,
    string? StatementName,
    bool InTransactionBlock);
