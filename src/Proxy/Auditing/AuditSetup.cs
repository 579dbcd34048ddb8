using System.Security.Cryptography;
using MaskingProxy.AuditLog.Crypto;
using MaskingProxy.AuditLog.Log;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.Proxy.Hosting;
using MaskingProxy.SqlRewriter.Postgres;
using Microsoft.Extensions.Logging;

namespace MaskingProxy.Proxy.Auditing;

/// <summary>
/// Turns the <c>audit:</c> config section into a running audit trail (SPEC §6, §8): opens the
/// writer now, so that every reason not to start (directory held by another proxy, damaged chain,
/// missing or malformed keys, unwritable directory, bad Elasticsearch settings) surfaces as one
/// <see cref="AuditStartupException"/> before anything listens.
/// <code>
/// await using var audit = AuditSetup.Open(config.Audit, loggerFactory);
/// var components = new ProxyComponents(interceptor, audit.Sink)
/// {
///     Services = [.. audit.Services, .. otherServices],
///     MetricsSources = [.. audit.MetricsSources],
/// };
/// </code>
/// </summary>
public static class AuditSetup
{
    /// <param name="normalizer">Statement normalizer (literals to placeholders) over a range of a text; defaults to <see cref="DefaultNormalizer"/>.</param>
    /// <exception cref="AuditStartupException">The audit log cannot be used; the message says why and what to do.</exception>
    public static AuditComponents Open(AuditConfig config, ILoggerFactory loggerFactory, Func<string, int, int, string>? normalizer = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger("MaskingProxy.Audit");
        var keys = LoadKeys(config, logger);

        // The shipper is made first: it validates its settings without touching the log, so a bad
        // URL never leaves a writer open.
        var shipping = config.Elasticsearch is { } es ? CreateShipping(config.Directory, ElasticsearchOptionsOf(es), logger) : null;
        AuditLogWriter writer;
        try
        {
            writer = OpenWriter(config, keys);
        }
        catch
        {
            shipping?.DisposeAsync().AsTask().GetAwaiter().GetResult(); // never started: completes at once
            throw;
        }

        ReportStartup(writer.Startup, config.Directory, logger);
        var sink = new AuditLogSink(writer, normalizer ?? DefaultNormalizer(), logger);
        var log = new AuditLogService(writer, sink, config.Directory, logger);
        try
        {
            log.WriteStart();
        }
        catch
        {
            log.CloseAsync("start failed").GetAwaiter().GetResult(); // logs, never throws
            shipping?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        return new AuditComponents(sink, log, shipping);
    }

    /// <summary>
    /// <see cref="StatementNormalizer"/> (no literal survives, whatever the statement type) behind a
    /// bounded cache: many sessions send the same texts, and one literal template stands for every text that
    /// differs from it only in constants.
    /// </summary>
    internal static Func<string, int, int, string> DefaultNormalizer() => new NormalizedTextCache().GetOrNormalize;

    private static KeyMaterial LoadKeys(AuditConfig config, ILogger logger)
    {
        KeyMaterial keys;
        try
        {
            keys = KeyMaterial.Load(config.HmacKeyPath, config.SigningKeyPath);
            keys.RequireWriterKeys();
        }
        catch (AuditKeyException ex)
        {
            throw new AuditStartupException(
                $"audit: cannot load the audit keys (hmac_key: {config.HmacKeyPath ?? "$" + KeyMaterial.HmacKeyVariable}, "
                + $"signing_key: {config.SigningKeyPath ?? "$" + KeyMaterial.SigningKeyVariable}): {ex.Message} "
                + "('maskingproxy keys init --out DIR' makes a key set.)",
                ex);
        }

        foreach (var warning in keys.Warnings)
        {
            logger.LogWarning("Audit key: {Warning}", warning);
        }

        return keys;
    }

    private static AuditLogWriter OpenWriter(AuditConfig config, KeyMaterial keys)
    {
        var options = new AuditLogOptions
        {
            Directory = config.Directory,
            Durability = config.Durability == "batch" ? DurabilityMode.Batch : DurabilityMode.Sync,
            Checkpoints = new CheckpointPolicy { Records = config.CheckpointRecords, Interval = TimeSpan.FromSeconds(config.CheckpointSeconds) },
            // Sessions wait for durability only in sync mode, and their continuations just relay the
            // held results: resuming them on the writer thread saves a thread-pool wake-up per record.
            InlineCompletions = config.Durability != "batch",
        };
        try
        {
            return AuditLogWriter.Open(options, keys);
        }
        catch (AuditLogLockedException ex)
        {
            throw new AuditStartupException(
                $"audit: the audit directory {config.Directory} is in use by another maskingproxy process (its lock file audit.lock is held); every proxy needs its own audit directory.",
                ex);
        }
        catch (AuditChainCorruptException ex)
        {
            throw new AuditStartupException(
                $"audit: the audit log in {config.Directory} is damaged ({ex.Message}); the proxy does not append to it. "
                + $"Run 'maskingproxy audit verify --dir {config.Directory}', move the directory away as evidence and start on an empty directory (a new chain).",
                ex);
        }
        catch (AuditLogException ex)
        {
            throw new AuditStartupException($"audit: {ex.Message}", ex);
        }
    }

    private static ElasticsearchOptions ElasticsearchOptionsOf(ElasticsearchConfig config)
    {
        if (!ElasticsearchOptions.TryParseUrl(config.Url, out var url))
        {
            throw new AuditStartupException($"audit.elasticsearch.url '{config.Url}' is not an http:// or https:// URL.");
        }

        return new ElasticsearchOptions
        {
            Url = url,
            Index = config.Index,
            ApiKey = config.ApiKey,
            Username = config.Username,
            Password = config.Password,
            CaFile = config.CaFile,
        };
    }

    private static AuditShipperService CreateShipping(string directory, ElasticsearchOptions elasticsearch, ILogger logger)
    {
        try
        {
            var shipper = new AuditShipper(new ShipperOptions
            {
                Directory = directory,
                Elasticsearch = elasticsearch,
                Log = (level, message) => logger.Log(LevelOf(level), "Audit shipper: {Message}", message),
            });
            return new AuditShipperService(shipper, directory, elasticsearch, logger);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new AuditStartupException($"audit.elasticsearch: {ex.Message}", ex);
        }
    }

    private static LogLevel LevelOf(ShipperLogLevel level) => level switch
    {
        ShipperLogLevel.Error => LogLevel.Error,
        ShipperLogLevel.Warning => LogLevel.Warning,
        _ => LogLevel.Information,
    };

    private static void ReportStartup(StartupReport report, string directory, ILogger logger)
    {
        logger.LogInformation(
            "Audit log {Directory}: chain {Chain} ({State}), appending to {Segment} after seq {LastSeq}",
            directory,
            report.ChainId,
            report.NewChain ? "new" : "continued",
            report.Segment,
            report.LastSeq);
        if (report.TornBytesCut > 0)
        {
            logger.LogWarning("Audit log: a torn last line ({Bytes} bytes at offset {Offset}) was cut and recorded", report.TornBytesCut, report.TornOffset);
        }
        else if (!report.PreviousRunClean)
        {
            logger.LogWarning("Audit log: the previous run ended without a shutdown checkpoint (crash or kill); a recovery record was written");
        }
    }
}
