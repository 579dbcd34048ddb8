namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>Where a client received a piece of text (named in leak reports).</summary>
public enum OutputChannel
{
    /// <summary>Result cell values, as decoded by the client.</summary>
    Cells,

    /// <summary>Cells that look like hex (bytea, encode(..., 'hex')) decoded to UTF-8: a hex-encoded raw value is still a leak.</summary>
    CellsHexDecoded,

    /// <summary>Cells reversed: reverse(raw) would otherwise slip past a substring search.</summary>
    CellsReversed,

    /// <summary>Result column names.</summary>
    ColumnNames,

    /// <summary>Error message, detail, hint, where, internal query and the named schema objects.</summary>
    Errors,

    /// <summary>NoticeResponse fields.</summary>
    Notices,

    /// <summary>NotificationResponse channel and payload.</summary>
    Notifications,

    /// <summary>ParameterStatus values the server reported (application_name and the other GUC_REPORT settings).</summary>
    ParameterStatus,

    /// <summary>COPY ... TO STDOUT data.</summary>
    CopyData,

    /// <summary>Everything psql printed (stdout and stderr): psql's output cannot be split by channel.</summary>
    PsqlOutput,
}
