namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>
/// A session-state change made by an allowed statement, in statement order. The proxy applies it to the
/// <see cref="SessionSettings"/> of later requests once the statement succeeded.
/// </summary>
/// <remarks>
/// PostgreSQL undoes SET when the surrounding transaction rolls back; a proxy that cannot follow
/// transaction outcomes should re-read <c>SHOW search_path</c> after a rollback.
/// </remarks>
/// <param name="StatementIndex">The statement that makes the change.</param>
/// <param name="Kind">What changes.</param>
/// <param name="Values">Arguments (schema names, role name, relation name).</param>
public sealed record SessionEffect(int StatementIndex, SessionEffectKind Kind, IReadOnlyList<string> Values);
