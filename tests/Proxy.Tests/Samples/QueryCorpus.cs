namespace MaskingProxy.Proxy.Tests.Samples;

/// <summary>Reads oracle-queries.sql (format in its header): blank-line separated blocks with <c>-- @</c> directives.</summary>
public static class QueryCorpus
{
    public static IReadOnlyList<CorpusBlock> Load() => Parse(File.ReadAllLines(SampleFiles.QueryCorpusPath));

    public static IReadOnlyList<CorpusBlock> Parse(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var blocks = new List<CorpusBlock>();
        string? policy = null;
        var fails = false;
        var sql = new List<string>();
        var firstLine = 0;
        for (var i = 0; i <= lines.Count; i++)
        {
            var line = i < lines.Count ? lines[i] : string.Empty;
            if (string.IsNullOrWhiteSpace(line))
            {
                if (sql.Count > 0)
                {
                    blocks.Add(new CorpusBlock(firstLine, policy ?? throw new FormatException($"line {firstLine}: no -- @policy before the first block"), fails, string.Join('\n', sql)));
                    fails = false;
                }

                sql.Clear();
                continue;
            }

            if (line.StartsWith("-- @policy ", StringComparison.Ordinal))
            {
                policy = line["-- @policy ".Length..].Trim();
            }
            else if (line.Trim() == "-- @fails")
            {
                fails = true;
            }
            else if (line.StartsWith("-- @", StringComparison.Ordinal))
            {
                throw new FormatException($"line {i + 1}: unknown directive {line}");
            }
            else if (!line.StartsWith("--", StringComparison.Ordinal))
            {
                if (sql.Count == 0)
                {
                    firstLine = i + 1;
                }

                sql.Add(line);
            }
        }

        return blocks;
    }
}
