using MaskingProxy.Proxy.Sessions;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Interception;

/// <summary>One statement text at the interception point, with the session it arrived on.</summary>
/// <param name="StatementName">Prepared statement name for Parse ("" = unnamed); null for simple queries.</param>
/// <param name="InTransactionBlock">True when the last ReadyForQuery said the session is inside a block.</param>
/// <param name="Settings">How the session reads names and literals (search_path, lexer settings).</param>
public readonly record struct StatementContext(
    SessionFacts Session,
    string Text,
    StatementSource Source,
    string? StatementName,
    bool InTransactionBlock,
    SessionSettings Settings);
