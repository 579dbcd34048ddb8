using System.Collections.Concurrent;
using MaskingProxy.SqlRewriter.Catalog;
using MaskingProxy.SqlRewriter.Policies;
using MaskingProxy.SqlRewriter.Rewriting;

namespace MaskingProxy.SqlRewriter.Postgres.Rewriting;

/// <summary>Coverage models by (policy version, catalog version, subject class); bounded.</summary>
internal static class CoverageModelCache
{
    private const int MaxModels = 256;
    private static readonly ConcurrentDictionary<(string Policy, string Catalog, string Subject), CoverageModel> s_models = new();

    public static CoverageModel Get(Policy policy, CatalogSnapshot catalog, SubjectClass subject)
    {
        var key = (policy.Version, catalog.Version, subject.Key);
        if (s_models.TryGetValue(key, out CoverageModel? model) && ReferenceEquals(model.Catalog, catalog) && ReferenceEquals(model.Policy, policy))
        {
            return model;
        }

        // Old policy and catalog versions stop being asked for; dropping everything now and then is enough.
        if (s_models.Count >= MaxModels)
        {
            s_models.Clear();
        }

        model = new CoverageModel(policy, catalog, subject);
        s_models[key] = model;
        return model;
    }
}
