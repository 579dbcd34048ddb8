namespace MaskingProxy.Proxy.Interception;

/// <summary>
/// A result column whose values the session replaces in every DataRow: the keyed pseudonym
/// hex(HMAC-SM3(key, value))[..length] of a hash mask, which the database cannot compute because
/// the key must never appear in statement text.
/// </summary>
/// <param name="StatementIndex">Statement of the text that produces the rows.</param>
/// <param name="Column">0-based column in the row.</param>
public sealed record ColumnTransform(int StatementIndex, int Column, byte[] Key, int Length);
