using System.Runtime.InteropServices;

namespace MaskingProxy.SqlRewriter.Postgres.Interop.Native;

/// <summary>
/// Raw libpg_query entry points (pg_query.h, libpg_query 15-4.0). Every result struct returned here
/// owns native memory and must be handed to the matching <c>pg_query_free_*</c> function exactly once.
/// Strings are passed as NUL-terminated UTF-8 that the caller has validated (see <see cref="Utf8SqlText"/>).
/// Resolution of the library name is done by <see cref="PgQueryLibrary"/>.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string LibraryName = "pg_query";

    [LibraryImport(LibraryName, EntryPoint = "pg_query_parse_protobuf")]
    internal static partial PgQueryProtobufParseResultNative ParseProtobuf(byte* input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_protobuf_parse_result")]
    internal static partial void FreeProtobufParseResult(PgQueryProtobufParseResultNative result);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_deparse_protobuf")]
    internal static partial PgQueryDeparseResultNative DeparseProtobuf(PgQueryProtobufNative parseTree);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_deparse_result")]
    internal static partial void FreeDeparseResult(PgQueryDeparseResultNative result);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_normalize")]
    internal static partial PgQueryNormalizeResultNative Normalize(byte* input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_normalize_result")]
    internal static partial void FreeNormalizeResult(PgQueryNormalizeResultNative result);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_scan")]
    internal static partial PgQueryScanResultNative Scan(byte* input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_scan_result")]
    internal static partial void FreeScanResult(PgQueryScanResultNative result);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_split_with_parser")]
    internal static partial PgQuerySplitResultNative SplitWithParser(byte* input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_split_with_scanner")]
    internal static partial PgQuerySplitResultNative SplitWithScanner(byte* input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_split_result")]
    internal static partial void FreeSplitResult(PgQuerySplitResultNative result);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_fingerprint")]
    internal static partial PgQueryFingerprintResultNative Fingerprint(byte* input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_fingerprint_result")]
    internal static partial void FreeFingerprintResult(PgQueryFingerprintResultNative result);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_parse_plpgsql")]
    internal static partial PgQueryPlpgsqlParseResultNative ParsePlpgsql(byte* input);

    [LibraryImport(LibraryName, EntryPoint = "pg_query_free_plpgsql_parse_result")]
    internal static partial void FreePlpgsqlParseResult(PgQueryPlpgsqlParseResultNative result);
}
