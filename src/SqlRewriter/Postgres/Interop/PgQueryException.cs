namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>Thrown by the <see cref="PgQuery"/> methods that do not have a Try form.</summary>
public sealed class PgQueryException : Exception
{
    /// <summary>Creates the exception for a structured error.</summary>
    public PgQueryException(PgParseError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).ToString())
    {
        Error = error;
    }

    /// <summary>Creates the exception with a plain message (kind <see cref="PgParseErrorKind.Internal"/>).</summary>
    public PgQueryException(string message)
        : this(new PgParseError(PgParseErrorKind.Internal, message, null))
    {
    }

    /// <summary>Creates the exception with a plain message and cause.</summary>
    public PgQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new PgParseError(PgParseErrorKind.Internal, message, null);
    }

    /// <summary>Not meant to be used; present for the exception design guideline (CA1032).</summary>
    public PgQueryException()
        : this("libpg_query error")
    {
    }

    /// <summary>The structured error.</summary>
    public PgParseError Error { get; }
}
