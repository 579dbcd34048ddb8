using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Session-state rules shared by the masked path (enforcing) and the exempt path (tracking only).</summary>
internal static class SessionRules
{
    private static readonly HashSet<string> s_onValues = new(StringComparer.OrdinalIgnoreCase) { "on", "true", "yes", "1", "t", "y" };
    private static readonly HashSet<string> s_utf8Names = new(StringComparer.OrdinalIgnoreCase) { "utf8", "utf-8", "unicode" };

    public static SessionEffect? Apply(VariableSetStmt set, SessionState session, int index, bool enforce)
    {
        string name = set.Name.ToLowerInvariant();
        if (set.Kind == VariableSetKind.VarResetAll)
        {
            session.SearchPathUnknown = true;
            return new SessionEffect(index, SessionEffectKind.ResetAll, []);
        }

        bool reset = set.Kind is VariableSetKind.VarReset or VariableSetKind.VarSetDefault;
        List<string> values = [.. set.Args.Select(ArgumentText)];
        switch (name)
        {
            case "search_path":
                if (set.IsLocal)
                {
                    Refuse(enforce, "SET LOCAL search_path is transaction-scoped and the proxy does not track it; use SET search_path");
                    return null;
                }

                if (reset)
                {
                    session.SearchPathUnknown = true;
                    return new SessionEffect(index, SessionEffectKind.ResetSearchPath, []);
                }

                if (set.Kind != VariableSetKind.VarSetValue)
                {
                    Refuse(enforce, "this form of SET search_path is not tracked by the proxy");
                    return null;
                }

                session.SearchPath = SearchPath.FromNames(values);
                session.SearchPathUnknown = false;
                return new SessionEffect(index, SessionEffectKind.SetSearchPath, values);

            case "role":
                if (set.IsLocal)
                {
                    if (session.SearchPath.DependsOnUser)
                    {
                        Refuse(enforce, "SET LOCAL ROLE changes how \"$user\" in search_path resolves and is not tracked; use SET ROLE");
                    }

                    return null;
                }

                if (reset || (values.Count == 1 && values[0] == "none"))
                {
                    session.CurrentUser = session.Login;
                    return new SessionEffect(index, SessionEffectKind.ResetRole, []);
                }

                session.CurrentUser = values.Count > 0 ? values[0] : session.Login;
                return new SessionEffect(index, SessionEffectKind.SetRole, values);

            case "session_authorization":
                if (reset)
                {
                    session.CurrentUser = session.Login;
                    return new SessionEffect(index, SessionEffectKind.ResetSessionAuthorization, []);
                }

                session.CurrentUser = values.Count > 0 ? values[0] : session.Login;
                return new SessionEffect(index, SessionEffectKind.SetSessionAuthorization, values);

            case "standard_conforming_strings":
                if (!reset && !(values.Count == 1 && s_onValues.Contains(values[0])))
                {
                    Refuse(enforce, "standard_conforming_strings = off would make the server read string literals differently from the proxy");
                }

                return null;

            case "client_encoding":
                if (!reset && !(values.Count == 1 && s_utf8Names.Contains(values[0])))
                {
                    Refuse(enforce, $"client_encoding {string.Join(", ", values)} would make the proxy decode statements differently from the server; only UTF8 is supported");
                }

                return null;

            default:
                return null;
        }
    }

    public static SessionEffect? Apply(DiscardStmt discard, SessionState session, int index)
    {
        switch (discard.Target)
        {
            case DiscardMode.DiscardAll:
                session.SearchPathUnknown = true;
                session.CurrentUser = session.Login;
                session.TemporaryRelations.Clear();
                return new SessionEffect(index, SessionEffectKind.DiscardAll, []);
            case DiscardMode.DiscardTemp:
                session.TemporaryRelations.Clear();
                return new SessionEffect(index, SessionEffectKind.DiscardTemporary, []);
            default:
                return null;
        }
    }

    /// <summary>DEALLOCATE ALL (a DEALLOCATE without a name); dropping one named statement changes nothing tracked.</summary>
    public static SessionEffect? Apply(DeallocateStmt deallocate, int index) =>
        string.IsNullOrEmpty(deallocate.Name) ? new SessionEffect(index, SessionEffectKind.DeallocateAll, []) : null;

    private static void Refuse(bool enforce, string reason)
    {
        if (enforce)
        {
            throw new RewriteDeniedException(DenialKind.SessionState, reason);
        }
    }

    private static string ArgumentText(Node node) => node.AConst switch
    {
        { ValCase: A_Const.ValOneofCase.Sval } c => c.Sval.Sval,
        { ValCase: A_Const.ValOneofCase.Ival } c => c.Ival.Ival.ToString(System.Globalization.CultureInfo.InvariantCulture),
        { ValCase: A_Const.ValOneofCase.Fval } c => c.Fval.Fval,
        { ValCase: A_Const.ValOneofCase.Boolval } c => c.Boolval.Boolval ? "on" : "off",
        _ => node.TypeCast?.Arg?.AConst?.Sval?.Sval ?? string.Empty,
    };
}
