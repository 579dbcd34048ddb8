using System.Collections.Frozen;
using System.Text;
using MaskingProxy.SqlRewriter.Catalog;

namespace MaskingProxy.SqlRewriter.Rewriting;

/// <summary>
/// The session state that changes how a statement is read: name resolution (search path, current user,
/// temporary relations) and lexer settings (<see cref="Parameters"/>). Immutable; the proxy builds a new
/// instance when a <see cref="SessionEffect"/> or a server parameter report changes something.
/// </summary>
/// <remarks>
/// <para>PostgreSQL: feed <c>standard_conforming_strings</c> and <c>client_encoding</c> from the backend's
/// ParameterStatus messages (the server reports every change of them, including changes made inside
/// functions), and the initial search_path from <c>SHOW search_path</c> after authentication (role and
/// database defaults can change it).</para>
/// </remarks>
public sealed class SessionSettings
{
    private static readonly IReadOnlyDictionary<string, string> s_noParameters =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase).ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates settings.</summary>
    /// <param name="searchPath">Name resolution path (default <c>"$user", public</c>).</param>
    /// <param name="currentUser">The current role when it differs from the login (after SET ROLE), else null.</param>
    /// <param name="parameters">Server parameters by name (case-insensitive), e.g. <c>standard_conforming_strings</c> = <c>on</c>.</param>
    /// <param name="temporaryRelations">Temporary relations the subject created in this session (they hold only what the subject could see).</param>
    public SessionSettings(SearchPath? searchPath = null, string? currentUser = null, IReadOnlyDictionary<string, string>? parameters = null, IEnumerable<string>? temporaryRelations = null)
    {
        SearchPath = searchPath ?? SearchPath.Default;
        CurrentUser = currentUser;
        Parameters = parameters is null || parameters.Count == 0
            ? s_noParameters
            : parameters.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        TemporaryRelations = (temporaryRelations ?? []).ToFrozenSet(StringComparer.Ordinal);
        CacheKey = BuildCacheKey();
    }

    /// <summary>Defaults: default search path, no role change, server defaults, no temporary relations.</summary>
    public static SessionSettings Default { get; } = new();

    /// <summary>The search path.</summary>
    public SearchPath SearchPath { get; }

    /// <summary>The current role if changed with SET ROLE / SET SESSION AUTHORIZATION, else null (the login).</summary>
    public string? CurrentUser { get; }

    /// <summary>Server parameters that affect lexing (case-insensitive names).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Temporary relations the subject created in this session.</summary>
    public IReadOnlySet<string> TemporaryRelations { get; }

    /// <summary>
    /// A string that is equal for settings that read every statement the same way (part of the rewrite cache key).
    /// The current user is part of it only when the search path contains <c>$user</c>.
    /// </summary>
    public string CacheKey { get; }

    /// <summary>A parameter's value, or null when the proxy has not reported it.</summary>
    public string? GetParameter(string name) => Parameters.GetValueOrDefault(name);

    /// <summary>The same settings with another search path.</summary>
    public SessionSettings WithSearchPath(SearchPath searchPath) => new(searchPath, CurrentUser, Parameters, TemporaryRelations);

    /// <summary>The same settings with another current user (null = the login).</summary>
    public SessionSettings WithCurrentUser(string? currentUser) => new(SearchPath, currentUser, Parameters, TemporaryRelations);

    /// <summary>The same settings with one parameter changed.</summary>
    public SessionSettings WithParameter(string name, string value)
    {
        var copy = new Dictionary<string, string>(Parameters, StringComparer.OrdinalIgnoreCase) { [name] = value };
        return new SessionSettings(SearchPath, CurrentUser, copy, TemporaryRelations);
    }

    /// <summary>The same settings with one more temporary relation.</summary>
    public SessionSettings WithTemporaryRelation(string name) => new(SearchPath, CurrentUser, Parameters, TemporaryRelations.Append(name));

    /// <summary>The same settings without temporary relations (DISCARD TEMP / ALL).</summary>
    public SessionSettings WithoutTemporaryRelations() => new(SearchPath, CurrentUser, Parameters, null);

    private string BuildCacheKey()
    {
        var key = new StringBuilder();
        key.Append(SearchPath.ToString());
        if (SearchPath.DependsOnUser)
        {
            key.Append("\u0001u=").Append(CurrentUser ?? "\u0002login");
        }

        foreach (KeyValuePair<string, string> parameter in Parameters.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            key.Append('\u0001').Append(parameter.Key.ToLowerInvariant()).Append('=').Append(parameter.Value);
        }

        foreach (string name in TemporaryRelations.Order(StringComparer.Ordinal))
        {
            key.Append("\u0001t=").Append(name);
        }

        return key.ToString();
    }
}
