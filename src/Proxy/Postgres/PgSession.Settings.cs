using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Postgres.Messages;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.Proxy.Postgres;

/// <summary>
/// Session state that changes how the database reads a statement (SPEC §4 parity): search_path,
/// current role, temporary relations, and the lexer settings the server reports. Effects are applied
/// when a statement is sent (later statements of a pipeline must be read with them) and confirmed by
/// the ReadyForQuery that ends their sync group. A change the server may have undone — an error in
/// its group, a rollback of its block — leaves the proxy unsure what the database now reads, and a
/// masked subject's statements are refused until search_path is set again.
/// </summary>
public sealed partial class PgSession
{
    private static readonly string[] LexerParameters = ["standard_conforming_strings", "client_encoding"];

    private readonly Lock _settingsLock = new();
    private SessionSettings _settings = SessionSettings.Default;
    private SearchPath _defaultSearchPath = SearchPath.Default;

    /// <summary>Sync group of the latest unconfirmed effect (0 = none pending).</summary>
    private int _settingsPendingGroup;

    /// <summary>True when the pending effects include a change of how names resolve.</summary>
    private bool _pendingPathChange;

    private volatile bool _searchPathUncertain;

    /// <summary>Sync group of the latest schema change not yet committed (0 = none).</summary>
    private int _schemaChangeGroup;

    private SessionSettings CurrentSettings() => Volatile.Read(ref _settings);

    /// <summary>
    /// Backend side, for each ParameterStatus: the server reports every change of the lexer settings
    /// (both are in its fixed set of reported parameters, docs §55.2.7 Asynchronous Operations), so
    /// the latest report is how the next statement will be read.
    /// </summary>
    private void RecordParameterStatus(ReadOnlySpan<byte> body)
    {
        if (!ParameterStatusMessage.TryParse(body, out var parameter) || Array.IndexOf(LexerParameters, parameter.Name) < 0)
        {
            return;
        }
        lock (_settingsLock)
        {
            if (_settings.GetParameter(parameter.Name) != parameter.Value)
            {
                _settings = _settings.WithParameter(parameter.Name, parameter.Value);
            }
        }
    }

    private void ApplyEffects(IReadOnlyList<SessionEffect> effects, int group)
    {
        lock (_settingsLock)
        {
            var settings = _settings;
            var pathChange = false;
            foreach (var effect in effects)
            {
                switch (effect.Kind)
                {
                    case SessionEffectKind.SetSearchPath:
                        settings = settings.WithSearchPath(SearchPath.FromNames(effect.Values));
                        pathChange = true;
                        break;
                    case SessionEffectKind.ResetSearchPath:
                        settings = settings.WithSearchPath(_defaultSearchPath);
                        pathChange = true;
                        break;
                    case SessionEffectKind.SetRole:
                    case SessionEffectKind.SetSessionAuthorization:
                        settings = settings.WithCurrentUser(effect.Values[0]);
                        pathChange = true;
                        break;
                    case SessionEffectKind.ResetRole:
                    case SessionEffectKind.ResetSessionAuthorization:
                        settings = settings.WithCurrentUser(null);
                        pathChange = true;
                        break;
                    case SessionEffectKind.ResetAll:
                        settings = settings.WithSearchPath(_defaultSearchPath).WithCurrentUser(null);
                        pathChange = true;
                        break;
                    case SessionEffectKind.DiscardAll:
                        settings = settings.WithSearchPath(_defaultSearchPath).WithCurrentUser(null).WithoutTemporaryRelations();
                        pathChange = true;
                        _backendStatements.Clear();
                        break;
                    case SessionEffectKind.DeallocateAll:
                        // The server drops the statements the proxy keeps for masked texts too.
                        _backendStatements.Clear();
                        break;
                    case SessionEffectKind.DiscardTemporary:
                        settings = settings.WithoutTemporaryRelations();
                        break;
                    case SessionEffectKind.TemporaryRelationCreated:
                        settings = settings.WithTemporaryRelation(effect.Values[0]);
                        break;
                }
            }
            _settings = settings;
            if (pathChange)
            {
                // A new search_path replaces whatever the proxy was unsure about.
                _searchPathUncertain = false;
            }
            _pendingPathChange |= pathChange;
            Volatile.Write(ref _settingsPendingGroup, group);
        }
    }

    /// <summary>
    /// A dropped or renamed relation may have been one of the session's temporary relations: forget
    /// them all, so names resolve against the catalog again (more restrictive, never less).
    /// </summary>
    private void ForgetTemporaryRelations()
    {
        lock (_settingsLock)
        {
            if (_settings.TemporaryRelations.Count > 0)
            {
                _settings = _settings.WithoutTemporaryRelations();
            }
        }
    }

    /// <summary>Backend side: a ROLLBACK (or rollback to a savepoint) completed.</summary>
    private void RollbackCompleted()
    {
        if (Volatile.Read(ref _settingsPendingGroup) != 0)
        {
            SettingsMayBeUndone();
        }
    }

    /// <summary>Backend side, at the ReadyForQuery ending <paramref name="group"/>.</summary>
    private void ConfirmSettings(int group, TransactionStatus status, bool error)
    {
        var pending = Volatile.Read(ref _settingsPendingGroup);
        if (pending != 0 && group >= pending)
        {
            if (error || status == TransactionStatus.Failed)
            {
                SettingsMayBeUndone();
            }
            else if (status == TransactionStatus.Idle)
            {
                lock (_settingsLock)
                {
                    if (_settingsPendingGroup == pending)
                    {
                        _settingsPendingGroup = 0;
                        _pendingPathChange = false;
                    }
                }
            }
            // Inside a block the change stands only if the block commits: keep it pending.
        }
        var schema = Volatile.Read(ref _schemaChangeGroup);
        if (schema != 0 && group >= schema && status == TransactionStatus.Idle)
        {
            Interlocked.CompareExchange(ref _schemaChangeGroup, 0, schema);
            _context.Interceptor.SchemaChanged();
        }
    }

    private void SettingsMayBeUndone()
    {
        lock (_settingsLock)
        {
            if (_pendingPathChange)
            {
                _searchPathUncertain = true;
            }
            _settings = _settings.WithoutTemporaryRelations();
            _settingsPendingGroup = 0;
            _pendingPathChange = false;
        }
    }

    /// <summary>
    /// Refuses, for a masked subject, statements the proxy cannot read the way the database will:
    /// after a search_path change the database may have undone, behind a change whose outcome is not
    /// known yet, or after a schema change that is not committed (the catalog cannot see it).
    /// </summary>
    private StatementDecision Guard(StatementDecision decision, int group)
    {
        // Under the policy the decision was made with: a reload may have put rules in force for this
        // login (or lifted them) since the session started.
        if (!decision.RulesInForce || decision.Verdict == StatementVerdict.Deny)
        {
            return decision;
        }
        var analysis = decision.Analysis;
        if (_searchPathUncertain && !ReestablishesSearchPath(analysis))
        {
            return Refuse(decision, "the session's search_path is unknown after a change the database rolled back; run SET search_path again");
        }
        var pending = Volatile.Read(ref _settingsPendingGroup);
        if (pending != 0 && group > pending && Volatile.Read(ref _readyReceived) < pending)
        {
            return Refuse(decision, "a statement pipelined behind an unconfirmed session setting change cannot be checked; wait for the change to complete");
        }
        if (analysis is null)
        {
            return decision;
        }
        var schema = Volatile.Read(ref _schemaChangeGroup);
        var ddlSeen = schema != 0;
        foreach (var statement in analysis.Statements)
        {
            if (ddlSeen && statement.Action != StatementAction.Transaction && statement.Action != StatementAction.Ddl)
            {
                return Refuse(decision, "statements after a schema change are checked only once the change is committed; commit first or send them separately");
            }
            ddlSeen |= statement.Action == StatementAction.Ddl;
        }
        return decision;
    }

    private static bool ReestablishesSearchPath(RewriteResult? analysis)
    {
        if (analysis is null || analysis.SessionEffects.Count == 0 || analysis.SessionEffects[0].StatementIndex != 0)
        {
            return false;
        }
        return analysis.SessionEffects[0].Kind is SessionEffectKind.SetSearchPath or SessionEffectKind.ResetSearchPath or SessionEffectKind.ResetAll or SessionEffectKind.DiscardAll;
    }

    private StatementDecision Refuse(StatementDecision decision, string reason) =>
        decision with { Verdict = StatementVerdict.Deny, Text = null, Reason = reason };
}
