using System.Globalization;
using System.Text;
using MaskingProxy.Proxy.Tests.Samples;

namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>
/// Counts and findings of one corpus run for one login and client path: every raw value found names
/// the block, login, path, output channel and the seed column it came from.
/// </summary>
public sealed class OracleTally(string login, string path)
{
    public int Blocks { get; private set; }

    public int Denied { get; private set; }

    public int Errors { get; private set; }

    /// <summary>Errors whose text the proxy withheld (counted in <see cref="Errors"/> too).</summary>
    public int Withheld { get; private set; }

    public int Rows { get; private set; }

    public int Notifications { get; private set; }

    public int Notices { get; private set; }

    public long Characters { get; private set; }

    public List<string> Leaks { get; } = [];

    public List<string> Desyncs { get; } = [];

    /// <summary>Blocks with binary cells the client could not decode: blind spots of the search.</summary>
    public List<string> Undecodable { get; } = [];

    public List<string> DeniedBlocks { get; } = [];

    public List<string> ErrorBlocks { get; } = [];

    public void Add(CorpusBlock block, ClientOutput output, SensitiveValues sensitive)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sensitive);
        Blocks++;
        Rows += output.RowCount;
        Characters += output.Characters;
        Notifications += output.NotificationCount;
        Notices += output.NoticeCount;
        if (output.Denied)
        {
            Denied++;
            DeniedBlocks.Add($"{block} -> {output.ErrorMessage}");
        }
        else if (output.ErrorSqlState is not null)
        {
            Errors++;
            Withheld += output.Withheld ? 1 : 0;
            ErrorBlocks.Add($"{block} -> {output.ErrorSqlState}: {output.ErrorMessage}");
        }

        // Denied blocks are searched too: the denial message is an output like any other.
        foreach (var (channel, text) in output.Channels)
        {
            var found = sensitive.FindIn(text, block.Sql);
            if (found.Count > 0)
            {
                Leaks.Add($"{block}{Environment.NewLine}    login {login}, {path}, channel {channel}: {string.Join(", ", found.Take(5))}{(found.Count > 5 ? $" (+{found.Count - 5})" : string.Empty)}");
            }
        }

        if (output.UndecodableCells > 0)
        {
            Undecodable.Add($"{block} -> {output.UndecodableCells} cells");
        }

        if (!output.SessionUsable)
        {
            Desyncs.Add($"{block} -> {output.SessionProblem}");
        }
    }

    public string Report()
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{login} via {path}: {Blocks} blocks run, {Denied} denied, {Errors} errors ({Withheld} with text withheld), {Rows} rows ({Characters} characters) received, {Notices} notices, {Notifications} notifications, {Leaks.Count} leaks, {Desyncs.Count} unusable sessions, {Undecodable.Count} blocks with undecodable cells")
            .AppendLine();
        Section(text, "leaks", Leaks);
        Section(text, "unusable sessions", Desyncs);
        Section(text, "undecodable cells", Undecodable);
        Section(text, "denied", DeniedBlocks);
        Section(text, "errors", ErrorBlocks);
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, List<string> lines)
    {
        if (lines.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {title}:");
            foreach (var line in lines)
            {
                text.Append("    ").AppendLine(line);
            }
        }
    }
}
