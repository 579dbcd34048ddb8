using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Google.Protobuf;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop.Native;

namespace MaskingProxy.SqlRewriter.Postgres.Interop;

/// <summary>
/// Safe wrappers over libpg_query (the PostgreSQL 15 parser). Thread-safe: libpg_query keeps its memory
/// contexts in thread-local storage.
/// </summary>
/// <remarks>
/// <para>Errors: each operation has a throwing form (<see cref="PgQueryException"/> carrying a
/// <see cref="PgParseError"/>) and, for parse, a <c>Try</c> form. Positions in errors, ranges and tokens
/// are indices into the C# string; libpg_query's UTF-8 byte offsets are converted.</para>
/// <para>Input: the text is passed as NUL-terminated UTF-8. Text containing U+0000 or an unpaired
/// surrogate is refused (<see cref="PgParseErrorKind.InvalidInput"/>) because it cannot be passed
/// unchanged. libpg_query always lexes with <c>standard_conforming_strings = on</c> and UTF-8; the caller
/// is responsible for refusing sessions whose settings differ (SPEC §4).</para>
/// <para>Native memory is freed in <c>finally</c> blocks; large inputs run on deep-stack threads (see
/// <see cref="PgQueryLimits"/>).</para>
/// </remarks>
public static class PgQuery
{
    /// <summary>PostgreSQL major version whose grammar and AST schema this assembly was built for.</summary>
    public const int PostgresMajorVersion = 15;

    private static readonly Lazy<string?> s_loadError = new(ProbeLibrary, LazyThreadSafetyMode.ExecutionAndPublication);
    private static PgQueryLimits s_limits = PgQueryLimits.Default;

    /// <summary>Resource limits; set once at startup (the deep-stack threads are sized on first use).</summary>
    public static PgQueryLimits Limits
    {
        get => Volatile.Read(ref s_limits);
        set => Volatile.Write(ref s_limits, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The <c>version</c> field libpg_query puts into parse results (e.g. 150001).</summary>
    public static int LibraryPostgresVersionNum { get; private set; }

    /// <summary>Parses <paramref name="sql"/> (one or more statements) into libpg_query's protobuf AST.</summary>
    /// <exception cref="PgQueryException">The text was refused; see <see cref="PgQueryException.Error"/>.</exception>
    public static ParseResult Parse(string sql) =>
        TryParse(sql, out ParseResult? result, out PgParseError? error) ? result : throw new PgQueryException(error);

    /// <summary>Parses <paramref name="sql"/>; returns false with a structured error instead of throwing.</summary>
    public static bool TryParse(string sql, [NotNullWhen(true)] out ParseResult? result, [NotNullWhen(false)] out PgParseError? error)
    {
        Outcome<ParseResult> outcome = WithSqlText(sql, ParseCore);
        result = outcome.Value;
        error = outcome.Error;
        return error is null;
    }

    /// <summary>Turns an AST back into SQL text (libpg_query's deparser; canonical spacing and quoting).</summary>
    /// <remarks>
    /// <para>The deparser trusts the tree's shape. Missing children that the grammar always produces are
    /// mostly reported (<see cref="PgParseErrorKind.Deparse"/>), but some are dereferenced without a check
    /// and crash the process (observed: an empty <see cref="Node"/> in a <c>SELECT</c> target list).
    /// Only pass trees from <see cref="Parse"/> or rewritten with nodes shaped like the parser's.</para>
    /// <para>Cost: Google.Protobuf recomputes nested sizes while serializing, so serialization is
    /// O(nodes × depth): ≈ 150 ms (Debug) for 600 message levels. <see cref="PgQueryLimits.MaxTreeDepth"/>
    /// bounds this.</para>
    /// </remarks>
    /// <exception cref="PgQueryException">The tree is too deep or cannot be deparsed.</exception>
    public static string Deparse(ParseResult tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        EnsureLibrary();
        if (tree.Stmts.Count == 0)
        {
            return string.Empty;
        }

        PgQueryLimits limits = Limits;
        byte[] bytes = tree.ToByteArray();
        int depth = ProtobufDepth.Measure(bytes, ParseResult.Descriptor, limits.MaxTreeDepth);
        if (depth == ProtobufDepth.Malformed)
        {
            throw new PgQueryException(new PgParseError(PgParseErrorKind.Internal, "serialized parse tree is malformed", null));
        }

        if (depth > limits.MaxTreeDepth)
        {
            throw new PgQueryException(TooDeep(limits));
        }

        Outcome<string> outcome = StackCost.ForDeparse(depth) <= limits.InlineStackBudgetBytes
            ? DeparseCore(bytes)
            : DeepStackExecutor.Run(() => DeparseCore(bytes), limits);
        return outcome.Error is null ? outcome.Value! : throw new PgQueryException(outcome.Error);
    }

    /// <summary>
    /// Replaces literal constants with <c>$1</c>, <c>$2</c>, ... (numbering continues after parameters
    /// already in the text). Comments are kept.
    /// </summary>
    /// <remarks>
    /// libpg_query only replaces values that are <c>A_Const</c> nodes or passwords. Known exceptions in
    /// 15-4.0 (keep literals): <c>COMMENT ON ... IS '...'</c>, <c>COPY ... FROM/TO 'file'</c>, the body
    /// of <c>PREPARE ... AS</c>, <c>CREATE VIEW</c>, and column defaults/checks in <c>CREATE TABLE</c>.
    /// Callers that must never store literals should not rely on this alone.
    /// </remarks>
    /// <exception cref="PgQueryException">The text was refused.</exception>
    public static string Normalize(string sql) => Unwrap(WithSqlText(sql, NormalizeCore));

    /// <summary>Splits a multi-statement string into statement ranges, in order.</summary>
    /// <remarks>Empty statements (<c>;;</c>) are not reported. Ranges exclude the terminating semicolon.</remarks>
    /// <exception cref="PgQueryException">The text was refused (parser mode: any syntax error).</exception>
    public static IReadOnlyList<PgStatementRange> Split(string sql, PgSplitMode mode = PgSplitMode.Parser) =>
        Unwrap(WithSqlText(sql, text => SplitCore(text, mode)));

    /// <summary>Lexes <paramref name="sql"/> into tokens, comments included.</summary>
    /// <exception cref="PgQueryException">The text was refused (e.g. unterminated literal).</exception>
    public static IReadOnlyList<PgToken> Scan(string sql) => Unwrap(WithSqlText(sql, ScanCore));

    /// <summary>Computes libpg_query's fingerprint of <paramref name="sql"/>.</summary>
    /// <exception cref="PgQueryException">The text was refused.</exception>
    public static PgFingerprint Fingerprint(string sql) => Unwrap(WithSqlText(sql, FingerprintCore));

    /// <summary>
    /// Parses the PL/pgSQL body of a <c>CREATE FUNCTION</c> statement and returns libpg_query's JSON
    /// representation (an array with one object per function).
    /// </summary>
    /// <exception cref="PgQueryException">The text was refused.</exception>
    public static string ParsePlpgsqlJson(string sql) => Unwrap(WithSqlText(sql, ParsePlpgsqlCore));

    /// <summary>Creates an offset map for <paramref name="sql"/> to convert AST byte locations into string indices.</summary>
    /// <exception cref="PgQueryException">The text cannot be encoded exactly (NUL or unpaired surrogate).</exception>
    public static PgSqlOffsetMap CreateOffsetMap(string sql) =>
        Utf8SqlText.TryCreate(sql, out Utf8SqlText? text, out PgParseError? error)
            ? new PgSqlOffsetMap(text!)
            : throw new PgQueryException(error!);

    private static T Unwrap<T>(Outcome<T> outcome) =>
        outcome.Error is null ? outcome.Value! : throw new PgQueryException(outcome.Error);

    private static Outcome<T> WithSqlText<T>(string sql, Func<Utf8SqlText, Outcome<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(sql);
        EnsureLibrary();
        if (!Utf8SqlText.TryCreate(sql, out Utf8SqlText? text, out PgParseError? invalid))
        {
            return Outcome<T>.Fail(invalid!);
        }

        PgQueryLimits limits = Limits;
        long need = StackCost.ForSql(text!.ByteLength);
        if (need <= limits.InlineStackBudgetBytes)
        {
            return operation(text);
        }

        if (need > limits.DeepStackSizeBytes - StackCost.Reserve)
        {
            return Outcome<T>.Fail(new PgParseError(
                PgParseErrorKind.TooLarge,
                $"statement of {text.ByteLength} bytes exceeds the parser limit of {(limits.DeepStackSizeBytes - (2 * StackCost.Reserve)) / StackCost.PerSqlByte} bytes",
                null));
        }

        return DeepStackExecutor.Run(() => operation(text), limits);
    }

    private static unsafe Outcome<ParseResult> ParseCore(Utf8SqlText text)
    {
        PgQueryLimits limits = Limits;
        fixed (byte* input = text.Bytes)
        {
            PgQueryProtobufParseResultNative native = NativeMethods.ParseProtobuf(input);
            try
            {
                if (native.Error != null)
                {
                    return Outcome<ParseResult>.Fail(ConvertError(native.Error, text, PgParseErrorKind.Syntax));
                }

                if (native.ParseTree.Len == 0 || native.ParseTree.Data == null)
                {
                    return Outcome<ParseResult>.Ok(new ParseResult { Version = LibraryPostgresVersionNum });
                }

                using var stream = new UnmanagedMemoryStream(native.ParseTree.Data, (long)native.ParseTree.Len);
                using CodedInputStream input2 = CodedInputStream.CreateWithLimits(stream, int.MaxValue, limits.MaxTreeDepth);
                return Outcome<ParseResult>.Ok(ParseResult.Parser.ParseFrom(input2));
            }
            catch (InvalidProtocolBufferException ex) when (ex.Message.Contains("nesting", StringComparison.OrdinalIgnoreCase))
            {
                return Outcome<ParseResult>.Fail(TooDeep(limits));
            }
            catch (InvalidProtocolBufferException ex)
            {
                return Outcome<ParseResult>.Fail(new PgParseError(PgParseErrorKind.Internal, "cannot decode libpg_query output: " + ex.Message, null));
            }
            finally
            {
                NativeMethods.FreeProtobufParseResult(native);
            }
        }
    }

    private static unsafe Outcome<string> DeparseCore(byte[] tree)
    {
        fixed (byte* data = tree)
        {
            var buffer = new PgQueryProtobufNative { Len = (nuint)tree.Length, Data = data };
            PgQueryDeparseResultNative native = NativeMethods.DeparseProtobuf(buffer);
            try
            {
                if (native.Error != null)
                {
                    PgParseError error = ConvertError(native.Error, null, PgParseErrorKind.Deparse);
                    return Outcome<string>.Fail(error);
                }

                return Outcome<string>.Ok(Utf8(native.Query));
            }
            finally
            {
                NativeMethods.FreeDeparseResult(native);
            }
        }
    }

    private static unsafe Outcome<string> NormalizeCore(Utf8SqlText text)
    {
        fixed (byte* input = text.Bytes)
        {
            PgQueryNormalizeResultNative native = NativeMethods.Normalize(input);
            try
            {
                return native.Error != null
                    ? Outcome<string>.Fail(ConvertError(native.Error, text, PgParseErrorKind.Syntax))
                    : Outcome<string>.Ok(Utf8(native.NormalizedQuery));
            }
            finally
            {
                NativeMethods.FreeNormalizeResult(native);
            }
        }
    }

    private static unsafe Outcome<IReadOnlyList<PgStatementRange>> SplitCore(Utf8SqlText text, PgSplitMode mode)
    {
        fixed (byte* input = text.Bytes)
        {
            PgQuerySplitResultNative native = mode == PgSplitMode.Parser
                ? NativeMethods.SplitWithParser(input)
                : NativeMethods.SplitWithScanner(input);
            try
            {
                if (native.Error != null)
                {
                    return Outcome<IReadOnlyList<PgStatementRange>>.Fail(ConvertError(native.Error, text, PgParseErrorKind.Syntax));
                }

                var ranges = new List<PgStatementRange>(native.NStmts);
                for (int i = 0; i < native.NStmts; i++)
                {
                    PgQuerySplitStmtNative stmt = *native.Stmts[i];
                    int byteStart = stmt.StmtLocation;

                    // PostgreSQL's convention: length 0 means "to the end of the string".
                    int byteLength = stmt.StmtLen == 0 ? text.ByteLength - byteStart : stmt.StmtLen;
                    int start = text.CharIndexOfByteOffset(byteStart);
                    int end = text.CharIndexOfByteOffset(byteStart + byteLength);
                    ranges.Add(new PgStatementRange(start, end - start, byteStart, byteLength));
                }

                return Outcome<IReadOnlyList<PgStatementRange>>.Ok(ranges);
            }
            finally
            {
                NativeMethods.FreeSplitResult(native);
            }
        }
    }

    private static unsafe Outcome<IReadOnlyList<PgToken>> ScanCore(Utf8SqlText text)
    {
        fixed (byte* input = text.Bytes)
        {
            PgQueryScanResultNative native = NativeMethods.Scan(input);
            try
            {
                if (native.Error != null)
                {
                    return Outcome<IReadOnlyList<PgToken>>.Fail(ConvertError(native.Error, text, PgParseErrorKind.Syntax));
                }

                if (native.Pbuf.Len == 0 || native.Pbuf.Data == null)
                {
                    return Outcome<IReadOnlyList<PgToken>>.Ok([]);
                }

                var scan = ScanResult.Parser.ParseFrom(new ReadOnlySpan<byte>(native.Pbuf.Data, checked((int)native.Pbuf.Len)));
                var tokens = new List<PgToken>(scan.Tokens.Count);
                foreach (ScanToken token in scan.Tokens)
                {
                    int start = text.CharIndexOfByteOffset(token.Start);
                    int end = text.CharIndexOfByteOffset(token.End);
                    tokens.Add(new PgToken(start, end - start, token.Token, token.KeywordKind));
                }

                return Outcome<IReadOnlyList<PgToken>>.Ok(tokens);
            }
            catch (InvalidProtocolBufferException ex)
            {
                return Outcome<IReadOnlyList<PgToken>>.Fail(new PgParseError(PgParseErrorKind.Internal, "cannot decode libpg_query scan output: " + ex.Message, null));
            }
            finally
            {
                NativeMethods.FreeScanResult(native);
            }
        }
    }

    private static unsafe Outcome<PgFingerprint> FingerprintCore(Utf8SqlText text)
    {
        fixed (byte* input = text.Bytes)
        {
            PgQueryFingerprintResultNative native = NativeMethods.Fingerprint(input);
            try
            {
                return native.Error != null
                    ? Outcome<PgFingerprint>.Fail(ConvertError(native.Error, text, PgParseErrorKind.Syntax))
                    : Outcome<PgFingerprint>.Ok(new PgFingerprint(native.Fingerprint, Utf8(native.FingerprintStr)));
            }
            finally
            {
                NativeMethods.FreeFingerprintResult(native);
            }
        }
    }

    private static unsafe Outcome<string> ParsePlpgsqlCore(Utf8SqlText text)
    {
        fixed (byte* input = text.Bytes)
        {
            PgQueryPlpgsqlParseResultNative native = NativeMethods.ParsePlpgsql(input);
            try
            {
                return native.Error != null
                    ? Outcome<string>.Fail(ConvertError(native.Error, text, PgParseErrorKind.Syntax))
                    : Outcome<string>.Ok(Utf8(native.PlpgsqlFuncs));
            }
            finally
            {
                NativeMethods.FreePlpgsqlParseResult(native);
            }
        }
    }

    private static unsafe PgParseError ConvertError(PgQueryErrorNative* error, Utf8SqlText? text, PgParseErrorKind kind)
    {
        string message = Utf8(error->Message);
        string? context = error->Context == null ? null : Utf8(error->Context);
        return new PgParseError(
            kind,
            message.Length == 0 ? "libpg_query reported an error without a message" : message,
            text?.CharIndexOfCursorPosition(error->CursorPos),
            error->FuncName == null ? null : Utf8(error->FuncName),
            error->FileName == null ? null : Utf8(error->FileName),
            error->LineNo,
            string.IsNullOrEmpty(context) ? null : context);
    }

    private static unsafe string Utf8(byte* value) =>
        value == null ? string.Empty : Marshal.PtrToStringUTF8((IntPtr)value) ?? string.Empty;

    private static PgParseError TooDeep(PgQueryLimits limits) =>
        new(PgParseErrorKind.TooDeep, $"statement is nested deeper than the limit of {limits.MaxTreeDepth} parse-tree levels", null);

    private static void EnsureLibrary()
    {
        string? error = s_loadError.Value;
        if (error is not null)
        {
            throw new PgQueryException(error);
        }
    }

    /// <summary>Loads the library once and checks it speaks the AST schema this assembly was compiled for.</summary>
    private static unsafe string? ProbeLibrary()
    {
        PgQueryLibrary.EnsureResolverRegistered();
        try
        {
            byte* probe = stackalloc byte[] { (byte)'S', (byte)'E', (byte)'L', (byte)'E', (byte)'C', (byte)'T', (byte)' ', (byte)'1', 0 };
            PgQueryProtobufParseResultNative native = NativeMethods.ParseProtobuf(probe);
            try
            {
                if (native.Error != null || native.ParseTree.Data == null)
                {
                    return "libpg_query failed to parse 'SELECT 1'";
                }

                ParseResult result = ParseResult.Parser.ParseFrom(new ReadOnlySpan<byte>(native.ParseTree.Data, checked((int)native.ParseTree.Len)));
                if (result.Version / 10000 != PostgresMajorVersion)
                {
                    return $"libpg_query reports PostgreSQL version {result.Version}, but MaskingProxy.SqlRewriter was built for the PostgreSQL {PostgresMajorVersion} AST schema; install the matching libpg_query or rebuild against its pg_query.proto";
                }

                LibraryPostgresVersionNum = result.Version;
                return null;
            }
            finally
            {
                NativeMethods.FreeProtobufParseResult(native);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return $"libpg_query could not be loaded ({ex.Message}). Install it (Debian/Ubuntu: apt-get install libpg-query-dev, or the runtime package providing libpg_query.so.1504.0) or set {PgQueryLibrary.PathEnvironmentVariable} to its path.";
        }
    }
}
