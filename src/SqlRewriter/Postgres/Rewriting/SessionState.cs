using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Session state while the statements of one text are analysed in order (SET affects later statements).</summary>
internal sealed class SessionState
{
    public SessionState(SessionSettings settings, string login)
    {
        SearchPath = settings.SearchPath;
        CurrentUser = settings.CurrentUser ?? login;
        Login = login;
        TemporaryRelations = new HashSet<string>(settings.TemporaryRelations, StringComparer.Ordinal);
    }

    public SearchPath SearchPath { get; set; }

    public string CurrentUser { get; set; }

    public string Login { get; }

    /// <summary>Set when an earlier statement of the text reset search_path to a value the rewriter cannot know.</summary>
    public bool SearchPathUnknown { get; set; }

    public HashSet<string> TemporaryRelations { get; }
}
