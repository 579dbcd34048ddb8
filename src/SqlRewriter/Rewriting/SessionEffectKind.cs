namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>A change to session state that the proxy must track to keep reading statements like the database.</summary>
public enum SessionEffectKind
{
    /// <summary>search_path set to <see cref="SessionEffect.Values"/> (exact schema names).</summary>
    SetSearchPath,

    /// <summary>search_path reset to the session default.</summary>
    ResetSearchPath,

    /// <summary>Current role set to <see cref="SessionEffect.Values"/>[0] (never changes masking).</summary>
    SetRole,

    /// <summary>Current role reset to the session user.</summary>
    ResetRole,

    /// <summary>Session user set to <see cref="SessionEffect.Values"/>[0] (never changes masking).</summary>
    SetSessionAuthorization,

    /// <summary>Session user reset to the authenticated user.</summary>
    ResetSessionAuthorization,

    /// <summary>All settings reset to session defaults (RESET ALL).</summary>
    ResetAll,

    /// <summary>DISCARD ALL: settings reset, temporary relations dropped, prepared statements and cursors closed.</summary>
    DiscardAll,

    /// <summary>DEALLOCATE ALL: every prepared statement of the session dropped (DISCARD ALL does it too).</summary>
    DeallocateAll,

    /// <summary>DISCARD TEMP: temporary relations dropped.</summary>
    DiscardTemporary,

    /// <summary>A temporary relation named <see cref="SessionEffect.Values"/>[0] was created by the subject.</summary>
    TemporaryRelationCreated,
}
