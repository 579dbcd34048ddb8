namespace MaskingProxy.SqlRewriter.Policies;

/// <summary>Precision kept by a <see cref="TruncateMask"/> (the <c>date_trunc</c> field).</summary>
public enum TruncateUnit
{
    /// <summary>Keep the year.</summary>
    Year,

    /// <summary>Keep year and month.</summary>
    Month,

    /// <summary>Keep the date.</summary>
    Day,

    /// <summary>Keep date and hour.</summary>
    Hour,

    /// <summary>Keep date, hour and minute.</summary>
    Minute,
}
