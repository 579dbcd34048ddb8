using Xunit;

namespace MaskingProxy.Proxy.Tests.Infrastructure;

/// <summary>
/// Every integration test class marked <c>[Collection("postgres")]</c> shares one PostgreSQL server per
/// test run (starting one costs seconds). Classes in one collection run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
