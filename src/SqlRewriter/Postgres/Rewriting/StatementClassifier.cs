using System.Text;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Statement kinds (command tags) and actions for the audit record.</summary>
internal static class StatementClassifier
{
    /// <summary>Utility statements that cannot read covered values or change how statements are read.</summary>
    private static readonly HashSet<Node.NodeOneofCase> s_harmless =
    [
        Node.NodeOneofCase.TransactionStmt, Node.NodeOneofCase.VariableShowStmt, Node.NodeOneofCase.ListenStmt,
        Node.NodeOneofCase.UnlistenStmt, Node.NodeOneofCase.NotifyStmt, Node.NodeOneofCase.CheckPointStmt,
        Node.NodeOneofCase.DeallocateStmt, Node.NodeOneofCase.FetchStmt, Node.NodeOneofCase.ClosePortalStmt,
        Node.NodeOneofCase.LockStmt, Node.NodeOneofCase.ConstraintsSetStmt, Node.NodeOneofCase.DropStmt,
        Node.NodeOneofCase.TruncateStmt, Node.NodeOneofCase.CommentStmt, Node.NodeOneofCase.GrantStmt,
        Node.NodeOneofCase.GrantRoleStmt, Node.NodeOneofCase.AlterDefaultPrivilegesStmt, Node.NodeOneofCase.CreateSeqStmt,
        Node.NodeOneofCase.AlterSeqStmt, Node.NodeOneofCase.CreateDomainStmt, Node.NodeOneofCase.AlterDomainStmt,
        Node.NodeOneofCase.DefineStmt, Node.NodeOneofCase.CompositeTypeStmt, Node.NodeOneofCase.CreateEnumStmt,
        Node.NodeOneofCase.CreateRangeStmt, Node.NodeOneofCase.AlterEnumStmt, Node.NodeOneofCase.RenameStmt,
        Node.NodeOneofCase.AlterObjectSchemaStmt, Node.NodeOneofCase.AlterOwnerStmt, Node.NodeOneofCase.AlterFunctionStmt,
        Node.NodeOneofCase.CreateRoleStmt, Node.NodeOneofCase.AlterRoleStmt, Node.NodeOneofCase.DropRoleStmt,
        Node.NodeOneofCase.AlterRoleSetStmt, Node.NodeOneofCase.AlterDatabaseSetStmt,
        Node.NodeOneofCase.VacuumStmt, Node.NodeOneofCase.ReindexStmt, Node.NodeOneofCase.ClusterStmt,
        Node.NodeOneofCase.RefreshMatViewStmt, Node.NodeOneofCase.CreateExtensionStmt, Node.NodeOneofCase.AlterExtensionStmt,
        Node.NodeOneofCase.AlterExtensionContentsStmt, Node.NodeOneofCase.DropOwnedStmt, Node.NodeOneofCase.ReassignOwnedStmt,
        Node.NodeOneofCase.CreatedbStmt, Node.NodeOneofCase.DropdbStmt, Node.NodeOneofCase.AlterDatabaseStmt,
        Node.NodeOneofCase.AlterDatabaseRefreshCollStmt, Node.NodeOneofCase.AlterCollationStmt, Node.NodeOneofCase.AlterStatsStmt,
        Node.NodeOneofCase.CreateStatsStmt, Node.NodeOneofCase.AlterTsdictionaryStmt, Node.NodeOneofCase.AlterTsconfigurationStmt,
        Node.NodeOneofCase.CreateCastStmt, Node.NodeOneofCase.CreateConversionStmt, Node.NodeOneofCase.CreateOpClassStmt,
        Node.NodeOneofCase.CreateOpFamilyStmt, Node.NodeOneofCase.AlterOpFamilyStmt, Node.NodeOneofCase.AlterOperatorStmt,
        Node.NodeOneofCase.AlterTypeStmt, Node.NodeOneofCase.CreateTransformStmt, Node.NodeOneofCase.CreateAmStmt,
        Node.NodeOneofCase.CreateTableSpaceStmt, Node.NodeOneofCase.DropTableSpaceStmt, Node.NodeOneofCase.AlterTableSpaceOptionsStmt,
        Node.NodeOneofCase.AlterTableMoveAllStmt, Node.NodeOneofCase.SecLabelStmt, Node.NodeOneofCase.AlterObjectDependsStmt,
        Node.NodeOneofCase.DropUserMappingStmt, Node.NodeOneofCase.DropSubscriptionStmt, Node.NodeOneofCase.AlterEventTrigStmt,
    ];

    public static bool IsHarmlessUtility(Node.NodeOneofCase kind) => s_harmless.Contains(kind);

    /// <summary>(command tag, action) of a top-level statement.</summary>
    public static (string Kind, StatementAction Action) Classify(Node node)
    {
        switch (node.NodeCase)
        {
            case Node.NodeOneofCase.SelectStmt:
                return node.SelectStmt.IntoClause is not null ? ("SELECT INTO", StatementAction.Write) : ("SELECT", StatementAction.Read);
            case Node.NodeOneofCase.InsertStmt:
                return ("INSERT", StatementAction.Write);
            case Node.NodeOneofCase.UpdateStmt:
                return ("UPDATE", StatementAction.Write);
            case Node.NodeOneofCase.DeleteStmt:
                return ("DELETE", StatementAction.Write);
            case Node.NodeOneofCase.MergeStmt:
                return ("MERGE", StatementAction.Write);
            case Node.NodeOneofCase.CopyStmt:
                return node.CopyStmt.IsFrom ? ("COPY FROM", StatementAction.Write) : ("COPY TO", StatementAction.Read);
            case Node.NodeOneofCase.CreateTableAsStmt:
                CreateTableAsStmt create = node.CreateTableAsStmt;
                return create.Objtype == ObjectType.ObjectMatview ? ("CREATE MATERIALIZED VIEW", StatementAction.Write)
                    : create.IsSelectInto ? ("SELECT INTO", StatementAction.Write) : ("CREATE TABLE AS", StatementAction.Write);
            case Node.NodeOneofCase.ExplainStmt:
                bool analyze = node.ExplainStmt.Options.Any(o => o.DefElem?.Defname == "analyze");
                return analyze ? ("EXPLAIN ANALYZE", Classify(node.ExplainStmt.Query).Action) : ("EXPLAIN", StatementAction.Read);
            case Node.NodeOneofCase.DeclareCursorStmt:
                return ("DECLARE CURSOR", StatementAction.Session);
            case Node.NodeOneofCase.PrepareStmt:
                return ("PREPARE", StatementAction.Session);
            case Node.NodeOneofCase.ExecuteStmt:
                return ("EXECUTE", StatementAction.Execute);
            case Node.NodeOneofCase.DeallocateStmt:
                return ("DEALLOCATE", StatementAction.Session);
            case Node.NodeOneofCase.FetchStmt:
                return (node.FetchStmt.Ismove ? "MOVE" : "FETCH", StatementAction.Read);
            case Node.NodeOneofCase.ClosePortalStmt:
                return ("CLOSE CURSOR", StatementAction.Session);
            case Node.NodeOneofCase.VariableSetStmt:
                return (node.VariableSetStmt.Kind is VariableSetKind.VarReset or VariableSetKind.VarResetAll ? "RESET" : "SET", StatementAction.Session);
            case Node.NodeOneofCase.VariableShowStmt:
                return ("SHOW", StatementAction.Read);
            case Node.NodeOneofCase.DiscardStmt:
                return ("DISCARD", StatementAction.Session);
            case Node.NodeOneofCase.ListenStmt:
                return ("LISTEN", StatementAction.Session);
            case Node.NodeOneofCase.UnlistenStmt:
                return ("UNLISTEN", StatementAction.Session);
            case Node.NodeOneofCase.NotifyStmt:
                return ("NOTIFY", StatementAction.Session);
            case Node.NodeOneofCase.TransactionStmt:
                return (TransactionTag(node.TransactionStmt.Kind), StatementAction.Transaction);
            case Node.NodeOneofCase.DoStmt:
                return ("DO", StatementAction.Execute);
            case Node.NodeOneofCase.CallStmt:
                return ("CALL", StatementAction.Execute);
            case Node.NodeOneofCase.TruncateStmt:
                return ("TRUNCATE TABLE", StatementAction.Write);
            case Node.NodeOneofCase.LockStmt:
                return ("LOCK TABLE", StatementAction.Other);
            case Node.NodeOneofCase.VacuumStmt:
                return (node.VacuumStmt.IsVacuumcmd ? "VACUUM" : "ANALYZE", StatementAction.Other);
            case Node.NodeOneofCase.CheckPointStmt:
                return ("CHECKPOINT", StatementAction.Other);
            case Node.NodeOneofCase.RefreshMatViewStmt:
                return ("REFRESH MATERIALIZED VIEW", StatementAction.Write);
            case Node.NodeOneofCase.GrantStmt:
                return (node.GrantStmt.IsGrant ? "GRANT" : "REVOKE", StatementAction.Ddl);
            case Node.NodeOneofCase.GrantRoleStmt:
                return (node.GrantRoleStmt.IsGrant ? "GRANT ROLE" : "REVOKE ROLE", StatementAction.Ddl);
            default:
                return (Describe(node), StatementAction.Ddl);
        }
    }

    /// <summary>A readable name for a statement node, e.g. <c>CREATE FOREIGN TABLE</c> for CreateForeignTableStmt.</summary>
    public static string Describe(Node node)
    {
        string name = node.NodeCase.ToString();
        if (name.EndsWith("Stmt", StringComparison.Ordinal))
        {
            name = name[..^4];
        }

        var words = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                words.Append(' ');
            }

            words.Append(char.ToUpperInvariant(name[i]));
        }

        return words.ToString();
    }

    private static string TransactionTag(TransactionStmtKind kind) => kind switch
    {
        TransactionStmtKind.TransStmtBegin => "BEGIN",
        TransactionStmtKind.TransStmtStart => "START TRANSACTION",
        TransactionStmtKind.TransStmtCommit => "COMMIT",
        TransactionStmtKind.TransStmtRollback => "ROLLBACK",
        TransactionStmtKind.TransStmtSavepoint => "SAVEPOINT",
        TransactionStmtKind.TransStmtRelease => "RELEASE",
        TransactionStmtKind.TransStmtRollbackTo => "ROLLBACK",
        TransactionStmtKind.TransStmtPrepare => "PREPARE TRANSACTION",
        TransactionStmtKind.TransStmtCommitPrepared => "COMMIT PREPARED",
        TransactionStmtKind.TransStmtRollbackPrepared => "ROLLBACK PREPARED",
        _ => "TRANSACTION",
    };
}
