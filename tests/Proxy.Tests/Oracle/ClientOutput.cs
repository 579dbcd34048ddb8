using System.Text;
using MaskingProxy.Proxy.Tests.Samples;
using Npgsql;

namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>
/// Everything one client received while running one corpus block: the text of every output channel
/// (for the raw-value search), the result sets in text form (for comparing runs), and how the block
/// ended.
/// </summary>
public sealed class ClientOutput
{
    private readonly Dictionary<OutputChannel, StringBuilder> _channels = [];

    public List<ResultSet> Results { get; } = [];

    /// <summary>SQLSTATE of the error that stopped the block, or null when it ran to the end.</summary>
    public string? ErrorSqlState { get; private set; }

    /// <summary>The stopping error's message text (for reports and for comparing runs).</summary>
    public string? ErrorMessage { get; private set; }

    /// <summary>The proxy refused the block (see <see cref="IsDenial"/>).</summary>
    public bool Denied { get; private set; }

    /// <summary>The proxy replaced the database's error text because the statement read masked columns.</summary>
    public bool Withheld => ErrorMessage?.Contains("text withheld by the masking proxy", StringComparison.Ordinal) == true;

    /// <summary>After the block, ROLLBACK and SELECT 1 still worked on the same session (protocol in sync).</summary>
    public bool SessionUsable { get; set; } = true;

    /// <summary>Why the session was not usable (for reports).</summary>
    public string? SessionProblem { get; set; }

    public int RowCount => Results.Sum(r => r.Rows.Count);

    /// <summary>Characters received (psql's output has no rows to count); derived cell forms not counted.</summary>
    public int Characters => _channels.Where(kv => kv.Key is not (OutputChannel.CellsHexDecoded or OutputChannel.CellsReversed)).Sum(kv => kv.Value.Length);

    /// <summary>
    /// The block is over and the runner is checking the session: what arrives now is still searched,
    /// but not counted as the block's (ROLLBACK outside a transaction warns every time).
    /// </summary>
    public bool BlockDone { get; set; }

    public int NotificationCount { get; private set; }

    /// <summary>Binary cells the client could not decode (so not searched either).</summary>
    public int UndecodableCells { get; set; }

    public int NoticeCount { get; private set; }

    public IEnumerable<(OutputChannel Channel, string Text)> Channels => _channels.Select(kv => (kv.Key, kv.Value.ToString()));

    /// <summary>What arrived over one channel (empty when nothing did).</summary>
    public string Text(OutputChannel channel) => _channels.TryGetValue(channel, out var builder) ? builder.ToString() : string.Empty;

    public void AddResult(ResultSet result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Results.Add(result);
        Append(OutputChannel.ColumnNames, result.Columns);
        foreach (var row in result.Rows)
        {
            foreach (var cell in row.OfType<string>())
            {
                AddCell(cell);
            }
        }
    }

    public void AddError(PostgresException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        ErrorSqlState = error.SqlState;
        ErrorMessage = error.MessageText;
        // PostgreSQL's own errors name their source location; the proxy's do not.
        Denied = error.File is null && error.Routine is null && IsDenial(error.SqlState, error.MessageText);
        Append(OutputChannel.Errors, [error.MessageText, error.Detail, error.Hint, error.Where, error.InternalQuery,
            error.SchemaName, error.TableName, error.ColumnName, error.DataTypeName, error.ConstraintName]);
    }

    public void AddNotice(PostgresNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        NoticeCount += BlockDone ? 0 : 1;
        Append(OutputChannel.Notices, [notice.MessageText, notice.Detail, notice.Hint, notice.Where, notice.InternalQuery,
            notice.SchemaName, notice.TableName, notice.ColumnName, notice.DataTypeName, notice.ConstraintName]);
    }

    public void AddNotification(string channel, string payload)
    {
        NotificationCount += BlockDone ? 0 : 1;
        Append(OutputChannel.Notifications, [channel, payload]);
    }

    public void AddCopyData(string data) => Append(OutputChannel.CopyData, [data]);

    public void AddParameterStatus(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Append(OutputChannel.ParameterStatus, parameters.Select(p => $"{p.Key}={p.Value}"));
    }

    public void AddPsqlOutput(string text, string? sqlState, string? message, bool fromDatabase)
    {
        Append(OutputChannel.PsqlOutput, [text]);
        ErrorSqlState = sqlState;
        ErrorMessage = message;
        Denied = !fromDatabase && IsDenial(sqlState, message);
    }

    /// <summary>
    /// A policy denial (SPEC §4): 42501 with the proxy's message. The SQLSTATE alone is not enough:
    /// PostgreSQL's own "permission denied for table" is 42501 too, and so is such an error after the
    /// proxy withheld its text.
    /// </summary>
    public static bool IsDenial(string? sqlState, string? message) =>
        sqlState == "42501" && message?.StartsWith("permission denied by masking policy", StringComparison.Ordinal) == true;

    private void AddCell(string cell)
    {
        Append(OutputChannel.Cells, [cell]);
        if (HexDecoded(cell) is { } decoded)
        {
            Append(OutputChannel.CellsHexDecoded, [decoded]);
        }

        var reversed = cell.ToCharArray();
        Array.Reverse(reversed);
        Append(OutputChannel.CellsReversed, [new string(reversed)]);
    }

    private void Append(OutputChannel channel, IEnumerable<string?> texts)
    {
        if (!_channels.TryGetValue(channel, out var builder))
        {
            _channels[channel] = builder = new StringBuilder();
        }

        // A separator no sample value contains, so values of neighbouring cells cannot join into a match.
        builder.AppendJoin('\u0001', texts).Append('\u0001');
    }

    /// <summary>The UTF-8 text of a hex string (bytea's \x form or plain hex digits), or null when it is not one.</summary>
    private static string? HexDecoded(string cell)
    {
        var hex = cell.StartsWith("\\x", StringComparison.Ordinal) ? cell[2..] : cell;
        if (hex.Length < 4 || hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return Encoding.UTF8.GetString(Convert.FromHexString(hex));
    }
}
