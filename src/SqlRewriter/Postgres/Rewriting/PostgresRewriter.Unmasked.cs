using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Postgres.Interop;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

public sealed partial class PostgresRewriter
{
    /// <summary>
    /// Exempt subjects and subjects without rules: nothing is rewritten or denied, but statement kinds,
    /// relations touched and session effects are still reported (a policy reload may give the login rules
    /// later in the same session, and the proxy's view of the session must be current then).
    /// </summary>
    private static RewriteResult AllowUnmasked(RewriteRequest request, ParseResult tree, List<StatementSummary> statements)
    {
        var session = new SessionState(request.Session, request.Login);
        var results = new AnalysisResults();
        for (int i = 0; i < tree.Stmts.Count; i++)
        {
            results.BeginStatement();
            Node statement = tree.Stmts[i].Stmt;
            SessionEffect? effect = statement.NodeCase switch
            {
                Node.NodeOneofCase.VariableSetStmt => SessionRules.Apply(statement.VariableSetStmt, session, i, enforce: false),
                Node.NodeOneofCase.DiscardStmt => SessionRules.Apply(statement.DiscardStmt, session, i),
                Node.NodeOneofCase.DeallocateStmt => SessionRules.Apply(statement.DeallocateStmt, i),
                _ => null,
            };
            if (effect is not null)
            {
                results.Effects.Add(effect);
            }

            RangeVar? created = statement.CreateStmt?.Relation ?? statement.CreateTableAsStmt?.Into?.Rel ?? statement.SelectStmt?.IntoClause?.Rel;
            if (created is not null && (created.Relpersistence == "t" || created.Schemaname == "pg_temp"))
            {
                session.TemporaryRelations.Add(created.Relname);
                results.Effects.Add(new SessionEffect(i, SessionEffectKind.TemporaryRelationCreated, [created.Relname]));
            }

            ProtobufWalker.Walk(statement, node =>
            {
                if (node is RangeVar relation)
                {
                    string? schema = relation.Schemaname.Length > 0 ? relation.Schemaname : null;
                    RelationResolution resolved = request.Catalog.ResolveRelation(schema, relation.Relname, session.SearchPath, session.CurrentUser, session.TemporaryRelations);
                    if (resolved.Relation is { } found)
                    {
                        results.Touch(new ObjectReference(found.Schema, found.Name));
                    }
                }

                return true;
            });
        }

        return new RewriteResult
        {
            Verdict = RewriteVerdict.Allow,
            Statements = statements,
            Objects = results.Objects(),
            StatementObjects = results.StatementObjects,
            SessionEffects = results.Effects,
        };
    }

    /// <summary>
    /// The proxy reads statements like libpg_query: UTF-8 and standard_conforming_strings = on. If the session
    /// differs, a statement is refused when its reading could differ.
    /// </summary>
    private static string? LexerSettingsProblem(SessionSettings settings, SqlText text)
    {
        if (settings.GetParameter("client_encoding") is { } encoding && !IsUtf8(encoding))
        {
            return $"the session uses client_encoding {encoding}; the proxy reads statements as UTF8 only";
        }

        if (settings.GetParameter("standard_conforming_strings") is { } scs && scs.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            // With the setting off, a backslash in '...' escapes; without one, both readings agree.
            foreach (PgToken token in text.Tokens)
            {
                if (token.Kind != Token.Sconst)
                {
                    continue;
                }

                char first = text.Sql[token.Start];
                bool standard = first == '\'' || ((first is 'N' or 'n') && token.Length > 1 && text.Sql[token.Start + 1] == '\'');
                if (standard && text.Sql.AsSpan(token.Start, token.Length).Contains('\\'))
                {
                    return "standard_conforming_strings is off and a string literal contains a backslash: the server would read it differently from the proxy";
                }
            }
        }

        return null;
    }

    private static bool IsUtf8(string encoding) =>
        encoding.Equals("UTF8", StringComparison.OrdinalIgnoreCase) || encoding.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) || encoding.Equals("UNICODE", StringComparison.OrdinalIgnoreCase);
}
