using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    /// <summary>Utility and DDL statements: most cannot reach covered values; those that can are checked or refused.</summary>
    private void AnalyzeDdl(Node node, RawStmt raw)
    {
        switch (node.NodeCase)
        {
            case Node.NodeOneofCase.ViewStmt:
                CheckStoredQuery(node.ViewStmt.Query, $"CREATE VIEW {node.ViewStmt.View.Relname}");
                return;
            case Node.NodeOneofCase.CreateFunctionStmt:
                CheckCreateFunction(node.CreateFunctionStmt, raw);
                return;
            case Node.NodeOneofCase.RuleStmt:
                RefuseOnCovered(node.RuleStmt.Relation, "a rule on it would see raw rows");
                foreach (Node action in node.RuleStmt.Actions)
                {
                    CheckStoredQuery(action, $"CREATE RULE {node.RuleStmt.Rulename}");
                }

                if (node.RuleStmt.WhereClause is { } where)
                {
                    CheckStoredQuery(where, $"CREATE RULE {node.RuleStmt.Rulename}");
                }

                return;
            case Node.NodeOneofCase.CreateTrigStmt:
                RefuseOnCovered(node.CreateTrigStmt.Relation, "a trigger on it would see raw rows");
                return;
            case Node.NodeOneofCase.IndexStmt:
                RefuseOnCovered(node.IndexStmt.Relation, "index builds report duplicate and invalid values in their error messages");
                return;
            case Node.NodeOneofCase.AlterTableStmt:
                RefuseOnCovered(node.AlterTableStmt.Relation, "constraints, column types and generated columns can expose raw values");
                return;
            case Node.NodeOneofCase.CreatePolicyStmt:
                RefuseOnCovered(node.CreatePolicyStmt.Table, "row security expressions run on raw rows");
                return;
            case Node.NodeOneofCase.AlterPolicyStmt:
                RefuseOnCovered(node.AlterPolicyStmt.Table, "row security expressions run on raw rows");
                return;
            case Node.NodeOneofCase.RenameStmt:
                if (node.RenameStmt.Relation is { } renamed)
                {
                    RefuseOnCovered(renamed, "renaming would move it out of the policy's column patterns");
                }

                return;
            case Node.NodeOneofCase.AlterObjectSchemaStmt:
                if (node.AlterObjectSchemaStmt.Relation is { } moved)
                {
                    RefuseOnCovered(moved, "moving it to another schema would move it out of the policy's column patterns");
                }

                return;
            case Node.NodeOneofCase.AlterRoleSetStmt when node.AlterRoleSetStmt.Setstmt is { } roleSet && IsTracked(roleSet):
                throw Deny(DenialKind.SessionState, $"ALTER ROLE ... SET {roleSet.Name} changes a setting the proxy must track");
            case Node.NodeOneofCase.AlterDatabaseSetStmt when node.AlterDatabaseSetStmt.Setstmt is { } dbSet && IsTracked(dbSet):
                throw Deny(DenialKind.SessionState, $"ALTER DATABASE ... SET {dbSet.Name} changes a setting the proxy must track");
            case Node.NodeOneofCase.AlterSystemStmt:
                throw Deny(DenialKind.SessionState, "ALTER SYSTEM changes server settings");
            case Node.NodeOneofCase.CreateForeignTableStmt:
            case Node.NodeOneofCase.ImportForeignSchemaStmt:
            case Node.NodeOneofCase.CreateForeignServerStmt:
            case Node.NodeOneofCase.AlterForeignServerStmt:
            case Node.NodeOneofCase.CreateUserMappingStmt:
            case Node.NodeOneofCase.AlterUserMappingStmt:
            case Node.NodeOneofCase.CreateFdwStmt:
            case Node.NodeOneofCase.AlterFdwStmt:
                throw Deny(DenialKind.SideDoor, $"{StatementClassifier.Describe(node)} can make covered data readable under another name");
            case Node.NodeOneofCase.CreatePublicationStmt:
            case Node.NodeOneofCase.AlterPublicationStmt:
            case Node.NodeOneofCase.CreateSubscriptionStmt:
            case Node.NodeOneofCase.AlterSubscriptionStmt:
                throw Deny(DenialKind.SideDoor, $"{StatementClassifier.Describe(node)} sets up replication, which ships raw rows");
            case Node.NodeOneofCase.CreateEventTrigStmt:
            case Node.NodeOneofCase.CreatePlangStmt:
            case Node.NodeOneofCase.LoadStmt:
                throw Deny(DenialKind.SideDoor, $"{StatementClassifier.Describe(node)} installs server-side code");
            default:
                if (!StatementClassifier.IsHarmlessUtility(node.NodeCase))
                {
                    Unprovable($"statement {StatementClassifier.Describe(node)} is not supported for subjects with masking rules");
                }

                return;
        }
    }

    private static bool IsTracked(VariableSetStmt set) =>
        set.Kind == VariableSetKind.VarResetAll || BuiltinFunctionRules.IsTrackedSetting(set.Name);

    /// <summary>A query stored for later execution (view, rule) runs outside masking: it may not read covered data.</summary>
    private void CheckStoredQuery(Node query, string what)
    {
        var scanner = new FunctionBodyScanner(_model, _session.SearchPath, _session.CurrentUser, what);
        FunctionVerdict verdict = scanner.Scan(query);
        ApplyVerdict(verdict.IsSafe ? verdict : verdict with { Reason = verdict.Reason + " (a stored query is not rewritten when it runs later)" });
    }

    private void RefuseOnCovered(RangeVar relation, string why)
    {
        string? schema = relation.Schemaname.Length > 0 ? relation.Schemaname : null;
        RelationResolution resolved = Catalog.ResolveRelation(schema, relation.Relname, _session.SearchPath, _session.CurrentUser, _session.TemporaryRelations);
        if (resolved.Kind == RelationResolutionKind.Catalog)
        {
            Touch(resolved.Relation!);
            RelationCoverage coverage = _model.Coverage(resolved.Relation!);
            if (coverage.HasCovered || coverage.ReadsCovered)
            {
                string? rule = coverage.Columns.FirstOrDefault(c => c is not null)?.Rule.Id;
                throw Deny(DenialKind.Policy, $"{resolved.Relation!.Schema}.{resolved.Relation.Name} holds covered columns: {why}", rule);
            }
        }
        else if (resolved.Kind == RelationResolutionKind.NotFound && _model.CouldBeCovered(resolved.CandidateSchemas, relation.Relname))
        {
            Unprovable($"relation {relation.Relname} is not in the catalog snapshot, and a rule could cover it", catalogMiss: true);
        }
    }
}
