using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Records;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Verify;

namespace MaskingProxy.Proxy.Cli;

/// <summary>
/// <c>maskingproxy audit verify</c> (a directory or an Elasticsearch index) and
/// <c>maskingproxy audit search</c> (a directory). Exit codes are the contract scripts rely on:
/// verify 0 intact, 1 broken, 2 unusable input; search 0, or 2 for unusable input. Usage errors
/// (unknown or missing options) are unusable input too (2), never 1, so a typo cannot pass for a
/// tampered log: the commands' action sees parse errors instead of System.CommandLine's default
/// handler (which would exit 1).
/// </summary>
public static class AuditCommands
{
    private const int Unusable = (int)VerifyOutcome.Unusable;

    public static Command Create() => new("audit", "Verify and search the audit trail.") { CreateVerify(), CreateSearch() };

    private static Command CreateVerify()
    {
        var dir = new Option<string>("--dir") { Description = "Audit directory (segment files audit-NNNNNN.jsonl)." };
        var url = new Option<string>("--elasticsearch") { Description = "Verify an Elasticsearch index instead: base URL, e.g. https://es:9200." };
        var index = new Option<string>("--index") { Description = "Index name (with --elasticsearch)." };
        var key = new Option<string>("--key") { Description = "HMAC key file (audit.key): also checks every record's MAC. Default: $" + KeyMaterial.HmacKeyVariable + "." };
        var publicKey = new Option<string>("--public-key") { Description = "SM2 public key (audit-sm2.pub.pem): checks checkpoint signatures. Default: $" + KeyMaterial.PublicKeyVariable + "." };
        var apiKey = new Option<string>("--api-key") { Description = "Elasticsearch API key (encoded form)." };
        var user = new Option<string>("--user") { Description = "Elasticsearch user (basic authentication)." };
        var password = new Option<string>("--password") { Description = "Elasticsearch password." };
        var caFile = new Option<string>("--ca-file") { Description = "PEM CA certificate(s) to trust for HTTPS to Elasticsearch." };
        var closed = new Option<bool>("--closed")
        {
            Description = "Index: the proxies have stopped, so every chain must end with a shutdown checkpoint (default: an unsigned tail is expected while they ship).",
        };
        var allowOpenTail = new Option<bool>("--allow-open-tail")
        {
            Description = "Directory: report a log whose proxy crashed (no shutdown checkpoint, torn last line) as intact with an open tail instead of broken.",
        };
        var command = new Command("verify", "Verify the hash chain, MACs and checkpoint signatures; exit 0 intact, 1 broken, 2 unusable input.")
        {
            dir, url, index, key, publicKey, apiKey, user, password, caFile, closed, allowOpenTail,
        };
        command.Action = new UsageErrorAction(Unusable, async (result, ct) =>
        {
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            var (directory, esUrl, esIndex) = (result.GetValue(dir), result.GetValue(url), result.GetValue(index));
            if ((directory is null) == (esUrl is null) || (esUrl is not null && string.IsNullOrEmpty(esIndex)))
            {
                await stderr.WriteLineAsync("maskingproxy audit verify: give either --dir DIR or --elasticsearch URL --index NAME.").ConfigureAwait(false);
                return Unusable;
            }

            KeyMaterial keys;
            try
            {
                keys = KeyMaterial.Load(result.GetValue(key), null, result.GetValue(publicKey));
            }
            catch (Exception ex) when (ex is AuditKeyException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"maskingproxy audit verify: {ex.Message}").ConfigureAwait(false);
                return Unusable;
            }

            foreach (var warning in keys.Warnings)
            {
                await stderr.WriteLineAsync("warning: " + warning).ConfigureAwait(false);
            }

            VerifyResult verdict;
            string source;
            if (directory is not null)
            {
                source = directory;
                var options = new VerifyOptions { TailPolicy = result.GetValue(allowOpenTail) ? TailPolicy.AllowOpenTail : TailPolicy.Strict };
                verdict = AuditVerifier.Verify(directory, keys, options);
            }
            else
            {
                if (!ElasticsearchOptions.TryParseUrl(esUrl, out var uri))
                {
                    await stderr.WriteLineAsync($"maskingproxy audit verify: '{esUrl}' is not an http(s) URL.").ConfigureAwait(false);
                    return Unusable;
                }

                source = $"{uri.GetLeftPart(UriPartial.Authority)} index {esIndex}";
                var es = new ElasticsearchOptions
                {
                    Url = uri,
                    Index = esIndex!,
                    ApiKey = result.GetValue(apiKey),
                    Username = result.GetValue(user),
                    Password = result.GetValue(password),
                    CaFile = result.GetValue(caFile),
                };
                verdict = await IndexVerifier.VerifyAsync(es, keys, new VerifyOptions { WriterRunning = result.GetValue(closed) ? false : null }, ct).ConfigureAwait(false);
            }

            await WriteVerdictAsync(source, verdict, stdout, stderr).ConfigureAwait(false);
            return (int)verdict.Outcome;
        });
        return command;
    }

    private static async Task WriteVerdictAsync(string source, VerifyResult r, TextWriter stdout, TextWriter stderr)
    {
        if (r.Outcome == VerifyOutcome.Unusable)
        {
            await stderr.WriteLineAsync($"maskingproxy audit verify: {source}: {r.Message}").ConfigureAwait(false);
            return;
        }

        var lines = new List<string>
        {
            $"{source}: {(r.Outcome == VerifyOutcome.Intact ? "INTACT" : "BROKEN")}",
            $"  records checked:      {r.RecordsChecked}",
            $"  chains:               {r.Chains}{(r.ChainId is null ? string.Empty : $" (last: {r.ChainId}, last good seq {r.LastSeq})")}",
            $"  segments:             {r.Segments}",
            $"  checkpoints verified: {r.CheckpointsChecked}{(r.SignaturesChecked ? string.Empty : " (no public key: signatures not checked)")}",
            $"  MACs:                 {(r.MacsChecked ? "checked" : "not checked (no HMAC key: anyone could recompute the hash chain)")}",
            $"  tail:                 {Tail(r)}",
        };
        if (r.Outcome == VerifyOutcome.Broken)
        {
            lines.Add($"  first bad seq:        {r.FirstBadSeq}");
            lines.Add($"  problem:              {r.Failure}: {r.Message}");
            lines.Add($"  where:                {Where(r)}");
        }

        foreach (var line in lines)
        {
            await stdout.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static string Tail(VerifyResult r) => r.Tail switch
    {
        TailState.Closed => "closed (ends with a shutdown checkpoint)",
        TailState.Live => $"live ({r.UnsignedTailRecords} record(s) after the last checkpoint, still being written)",
        TailState.Torn => $"torn ({r.UnsignedTailRecords} unsigned record(s); the last line is partial)",
        _ => $"open ({r.UnsignedTailRecords} unsigned record(s) after the last checkpoint)",
    };

    private static string Where(VerifyResult r)
        => r.Document is not null ? $"document {r.Document}"
            : r.Segment is null ? "-"
            : r.Offset is { } offset ? $"{r.Segment} at byte {offset}" : r.Segment;

    private static Command CreateSearch()
    {
        var dir = new Option<string>("--dir") { Description = "Audit directory.", Required = true };
        var user = new Option<string>("--user") { Description = "Login (exact)." };
        var obj = new Option<string>("--object") { Description = "Object glob: column, table.column or schema.table.column; * and ? wildcards." };
        var action = new Option<string>("--action") { Description = "Statement type, e.g. SELECT, UPDATE (case-insensitive)." };
        var verdict = new Option<string>("--verdict") { Description = "allow, masked or deny." };
        var type = new Option<string>("--type") { Description = "Record type, e.g. statement, authentication, policy." };
        var since = new Option<string>("--since") { Description = "From this time (inclusive), ISO 8601; UTC unless an offset is given." };
        var until = new Option<string>("--until") { Description = "Up to this time (exclusive), ISO 8601." };
        var format = new Option<string>("--format")
        {
            Description = "table (aligned, terminal-safe) or json (the stored lines, still verifiable).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("search", "Search the local audit log (does not verify: run audit verify for that).")
        {
            dir, user, obj, action, verdict, type, since, until, format,
        };
        command.Action = new UsageErrorAction(Unusable, async (result, ct) =>
        {
            var stderr = result.InvocationConfiguration.Error;
            var directory = result.GetValue(dir)!;
            if (!Directory.Exists(directory))
            {
                await stderr.WriteLineAsync($"maskingproxy audit search: audit directory {directory} does not exist.").ConfigureAwait(false);
                return Unusable;
            }

            AuditQuery query;
            try
            {
                if (result.GetValue(obj) is { } pattern)
                {
                    _ = new ObjectPattern(pattern); // rejects a malformed pattern up front
                }

                query = new AuditQuery
                {
                    Login = result.GetValue(user),
                    Object = result.GetValue(obj),
                    Action = result.GetValue(action),
                    Verdict = result.GetValue(verdict) is { } v ? ParseVerdict(v) : null,
                    Type = result.GetValue(type),
                    Since = result.GetValue(since) is { } s ? ParseTime(s, "--since") : null,
                    Until = result.GetValue(until) is { } u ? ParseTime(u, "--until") : null,
                };
            }
            catch (ArgumentException ex)
            {
                await stderr.WriteLineAsync($"maskingproxy audit search: {ex.Message}").ConfigureAwait(false);
                return Unusable;
            }

            var statistics = new SearchStatistics();
            var entries = AuditSearch.Search(directory, query, statistics);
            var output = result.InvocationConfiguration.Output;
            try
            {
                var matches = result.GetValue(format) == "json" ? JsonLinesFormatter.Write(entries, output) : TableFormatter.Write(entries, output);
                await stderr.WriteLineAsync($"{matches} of {statistics.RecordsRead} record(s) matched{(statistics.SkippedLines > 0 ? $"; {statistics.SkippedLines} unreadable line(s) skipped" : string.Empty)}").ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"maskingproxy audit search: cannot read {directory}: {ex.Message}").ConfigureAwait(false);
                return Unusable;
            }
        });
        return command;
    }

    private static Verdict ParseVerdict(string text) => text.ToUpperInvariant() switch
    {
        "ALLOW" => Verdict.Allow,
        "MASKED" => Verdict.Masked,
        "DENY" => Verdict.Deny,
        _ => throw new ArgumentException($"--verdict must be allow, masked or deny, not '{text}'."),
    };

    private static DateTimeOffset ParseTime(string text, string option)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new ArgumentException($"{option} '{text}' is not a time (ISO 8601, e.g. 2025-11-21T06:00:00Z or 2025-11-21).");
}
