namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>Value-or-error result used internally so that native-call helpers never throw across threads needlessly.</summary>
internal readonly record struct Outcome<T>(T? Value, PgParseError? Error)
{
    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Fail(PgParseError error) => new(default, error);
}
