namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Replace <c>[Start, End)</c> of the original text with <see cref="Text"/>.</summary>
internal readonly record struct SqlEdit(int Start, int End, string Text);
