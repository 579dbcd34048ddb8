using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Postgres.Ast;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

internal sealed partial class Analyzer
{
    /// <summary>
    /// SET/RESET for a subject with rules in force. search_path and the current role are tracked (they change
    /// name resolution); settings that change how the proxy reads statement text must keep their value.
    /// </summary>
    /// <remarks>
    /// <para>standard_conforming_strings = off would make <c>'\'</c> escape a quote, so the proxy (which lexes
    /// like libpg_query, always on) would see different string boundaries than the server: refused.
    /// client_encoding other than UTF-8 would make the proxy decode the bytes differently: refused.
    /// backslash_quote and escape_string_warning are allowed: with standard strings on they only make the
    /// server reject or warn about <c>\'</c> in <c>E''</c> strings, never read them differently.</para>
    /// <para>SET ROLE / SET SESSION AUTHORIZATION are allowed and tracked only for <c>$user</c> in the search
    /// path; masking always follows the authenticated login (SPEC §3).</para>
    /// </remarks>
    private void AnalyzeSet(VariableSetStmt set)
    {
        SessionEffect? effect = SessionRules.Apply(set, _session, _statementIndex, enforce: true);
        if (effect is not null)
        {
            _results.Effects.Add(effect);
        }
    }

    private void AnalyzeDiscard(DiscardStmt discard)
    {
        SessionEffect? effect = SessionRules.Apply(discard, _session, _statementIndex);
        if (effect is not null)
        {
            _results.Effects.Add(effect);
        }
    }

    /// <summary>Checked like other utility statements; DEALLOCATE ALL is also a session effect.</summary>
    private void AnalyzeDeallocate(Node node, RawStmt raw)
    {
        SessionEffect? effect = SessionRules.Apply(node.DeallocateStmt, _statementIndex);
        if (effect is not null)
        {
            _results.Effects.Add(effect);
        }

        AnalyzeDdl(node, raw);
    }
}
