namespace MaskingProxy.SqlRewriter.Catalog;

public sealed partial class PostgresCatalogLoader
{
    // Schemas that are never user data: the system catalog, the SQL-standard views, TOAST storage and
    // other sessions' temporary schemas (their contents are not visible to the subject's session).
    private const string UserSchemaFilter =
        "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

    private const string RelationKinds = "('r', 'v', 'm', 'f', 'p')";

    private const string RelationsSql =
        "SELECT c.oid, n.nspname, c.relname, c.relkind::text, " +
        "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END " +
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
        "WHERE c.relkind IN " + RelationKinds + " AND " + UserSchemaFilter + " " +
        "ORDER BY n.nspname, c.relname";

    // format_type with search_path = pg_catalog prints built-in types unqualified and others qualified.
    private const string ColumnsSql =
        "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod) " +
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
        "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN " + RelationKinds + " AND " + UserSchemaFilter + " " +
        "ORDER BY a.attrelid, a.attnum";

    private const string ParentsSql =
        "SELECT i.inhrelid, n.nspname, c.relname " +
        "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent JOIN pg_namespace n ON n.oid = c.relnamespace " +
        "ORDER BY i.inhrelid, i.inhseqno";

    private const string FunctionsSqlPrefix =
        "SELECT n.nspname, p.proname, p.prokind::text, " +
        "ARRAY(SELECT format_type(t.oid, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(oid, ord) JOIN pg_type t ON t.oid = a.oid ORDER BY a.ord), " +
        "CASE WHEN p.prokind = 'p' THEN NULL ELSE pg_get_function_result(p.oid) END, " +
        "l.lanname, p.prosecdef, ";

    private const string FunctionsSqlSuffix =
        ", coalesce(p.proconfig, '{}'::text[]) " +
        "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang " +
        "WHERE " + UserSchemaFilter + " " +
        "ORDER BY n.nspname, p.proname, p.oid";

    // PostgreSQL 14 added SQL-standard bodies (prosqlbody); prosrc is empty for them.
    private const string FunctionBodySql14 =
        "CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) ELSE p.prosrc END, p.prosqlbody IS NOT NULL";

    private const string FunctionBodySqlOld = "p.prosrc, false";

    private const string OperatorsSql =
        "SELECT n.nspname, o.oprname, CASE WHEN o.oprleft = 0 THEN NULL ELSE format_type(o.oprleft, NULL) END, " +
        "format_type(o.oprright, NULL), pn.nspname, p.proname " +
        "FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace " +
        "JOIN pg_proc p ON p.oid = o.oprcode JOIN pg_namespace pn ON pn.oid = p.pronamespace " +
        "WHERE " + UserSchemaFilter + " ORDER BY n.nspname, o.oprname";

    private const string SystemRelationsSql =
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
        "WHERE n.nspname = 'pg_catalog' AND c.relkind IN " + RelationKinds + " ORDER BY c.relname";

    private const string SchemasSql =
        "SELECT n.nspname FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' ORDER BY n.nspname";
}
