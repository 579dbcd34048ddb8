using System.Text;

namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>What running one text produced: result sets, notices, and the error that stopped it, if any.</summary>
public sealed class TextRun
{
    public List<ResultSet> Results { get; } = [];

    /// <summary>Notice texts (message, detail, hint, context).</summary>
    public List<string> Notices { get; } = [];

    /// <summary>SQLSTATE of the error that stopped the text, or null when every statement succeeded.</summary>
    public string? ErrorSqlState { get; set; }

    /// <summary>Message, detail, hint, context and internal query of that error.</summary>
    public string? Error { get; set; }

    /// <summary>Everything a client could read, in one string, for searching raw values.</summary>
    public string AllText()
    {
        var text = new StringBuilder();
        foreach (var result in Results)
        {
            text.AppendJoin('\u0001', result.Columns).Append('\u0001');
            foreach (var row in result.Rows)
            {
                text.AppendJoin('\u0001', row).Append('\u0001');
            }
        }

        text.AppendJoin('\u0001', Notices).Append('\u0001').Append(Error);
        return text.ToString();
    }
}
