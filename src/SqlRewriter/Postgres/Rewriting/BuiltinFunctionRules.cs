using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>
/// Built-in (pg_catalog) functions that are side doors around masking (SPEC §4): server files and programs,
/// large objects, replication, and functions that run a query or read a whole table given as text.
/// </summary>
internal static class BuiltinFunctionRules
{
    private static readonly HashSet<string> s_fileAccess = new(StringComparer.Ordinal)
    {
        "pg_stat_file", "pg_current_logfile", "pg_logdir_ls", "loread", "lowrite",
        "get_raw_page", "heap_page_items", "heap_page_item_attrs", "bt_page_items", "brin_page_items", "gin_leafpage_items",
    };

    private static readonly string[] s_fileAccessPrefixes = ["pg_read_", "pg_ls_", "pg_file_", "lo_", "dblink", "pg_logical_", "pg_get_wal_"];

    private static readonly HashSet<string> s_replication = new(StringComparer.Ordinal)
    {
        "pg_create_logical_replication_slot", "pg_create_physical_replication_slot", "pg_copy_logical_replication_slot",
        "pg_copy_physical_replication_slot", "pg_replication_slot_advance",
    };

    // These run SQL text or read a relation named by a string, outside the statement the proxy rewrote.
    private static readonly HashSet<string> s_queryRunners = new(StringComparer.Ordinal)
    {
        "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema",
        "cursor_to_xml", "cursor_to_xmlschema",
        "table_to_xml", "table_to_xmlschema", "table_to_xml_and_xmlschema",
        "schema_to_xml", "schema_to_xmlschema", "schema_to_xml_and_xmlschema",
        "database_to_xml", "database_to_xmlschema", "database_to_xml_and_xmlschema",
        "ts_stat",
    };

    private static readonly HashSet<string> s_modifying = new(StringComparer.Ordinal)
    {
        "nextval", "setval", "set_config", "pg_notify", "pg_advisory_lock", "pg_advisory_xact_lock", "pg_try_advisory_lock",
        "pg_cancel_backend", "pg_terminate_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_switch_wal",
    };

    /// <summary>Settings whose change makes the proxy read statements differently or that it tracks itself.</summary>
    private static readonly HashSet<string> s_trackedSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "search_path", "role", "session_authorization", "standard_conforming_strings", "client_encoding",
    };

    /// <summary>Why calling the built-in <paramref name="name"/> with <paramref name="argumentCount"/> arguments is refused, or null.</summary>
    public static (DenialKind Kind, string Reason)? Check(string name, int argumentCount)
    {
        if (s_fileAccess.Contains(name) || s_replication.Contains(name) || Array.Exists(s_fileAccessPrefixes, p => name.StartsWith(p, StringComparison.Ordinal)))
        {
            return (DenialKind.SideDoor, $"function {name} reaches server files, large objects, other databases or replication data, outside masking");
        }

        if (s_queryRunners.Contains(name) || (name == "ts_rewrite" && argumentCount == 2))
        {
            return (DenialKind.DynamicSql, $"function {name} runs a query or reads a relation given as text, outside masking");
        }

        return null;
    }

    /// <summary>Can the built-in change data or server state (a SELECT calling it is not a plain read)?</summary>
    public static bool MayWrite(string name) =>
        s_modifying.Contains(name) || name.StartsWith("lo_", StringComparison.Ordinal) || name.StartsWith("pg_advisory", StringComparison.Ordinal);

    /// <summary>Is <paramref name="setting"/> one the proxy must track or keep fixed?</summary>
    public static bool IsTrackedSetting(string setting) => s_trackedSettings.Contains(setting);
}
