using System.Collections.Concurrent;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.Proxy.Postgres.Protocol;
using MaskingProxy.Proxy.Transport;
using MaskingProxy.SqlRewriter.Postgres.Templates;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// Rewritten simple-protocol SELECTs run as prepared statements: a masked text with a new constant
/// would otherwise be parsed and planned by the server every time (the masking subquery makes that
/// plan the dearest part of a short query). The Query becomes Parse (once per session, under one of
/// the <see cref="BackendStatements"/>) + Bind + Describe(portal) + Execute + Sync, which answer
/// what the Query would have — RowDescription, DataRows, CommandComplete or ErrorResponse, then
/// ReadyForQuery (docs §55.2.2, §55.2.3) — once the ParseComplete and BindComplete the client never
/// asked for are dropped.
/// </summary>
public sealed partial class PgSession
{
    /// <summary>Groups whose Query went out prepared, in order (client pump adds, backend pump retires).</summary>
    private readonly ConcurrentQueue<int> _preparedQueryGroups = new();

    /// <summary>
    /// The client sent extended-query messages since its last Sync (client pump only): a Query then
    /// shares their group, and the ParseComplete and BindComplete in it are the client's.
    /// </summary>
    private bool _extendedOpen;

    /// <summary>Writes the Query as a prepared execution; false when it must go as the text (nothing written).</summary>
    private bool TryWritePrepared(ForwardPlan plan, ParameterizedStatement statement, int group)
    {
        // In a failed transaction the server refuses the Parse as it would the Query; sending the text
        // keeps a statement name from being spent on it.
        if (_extendedOpen || _transactionStatus == TransactionStatus.Failed)
        {
            return false;
        }
        var name = _backendStatements.Acquire(statement.Text, statement.ParameterTypes, group, out var create);
        if (name is null)
        {
            return false;
        }
        var writer = plan.Replace();
        if (create)
        {
            new ParseMessage(name, statement.Text, statement.ParameterTypes).Write(writer);
        }
        BindMessage.Write(writer, string.Empty, name, statement.Values);
        new TargetMessage(TargetKind.Portal, string.Empty).Write(writer, FrontendCode.Describe);
        ExecuteMessage.Write(writer, string.Empty);
        SyncMessage.Write(writer);
        // A Query replaces the unnamed portal on the server too; the client's is gone either way.
        _portals.Remove(string.Empty);
        _preparedQueryGroups.Enqueue(group);
        return true;
    }

    /// <summary>True when the response being read answers a Query the proxy sent prepared (backend pump).</summary>
    private bool AnsweringPreparedQuery()
    {
        var group = AnsweringGroup;
        while (_preparedQueryGroups.TryPeek(out var head))
        {
            if (head == group)
            {
                return true;
            }
            if (head > group)
            {
                return false;
            }
            _preparedQueryGroups.TryDequeue(out _);
        }
        return false;
    }

    /// <summary>Acknowledgements of the proxy's own Parse and Bind (and a NoData) of a prepared Query: dropped.</summary>
    private static bool IsPreparedQueryAcknowledgement(BackendCode code) =>
        code is BackendCode.ParseComplete or BackendCode.BindComplete or BackendCode.NoData;
}
