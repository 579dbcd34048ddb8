using MaskingProxy.Proxy.Tests.Infrastructure;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Oracle;

/// <summary>
/// One <see cref="OracleEnvironment"/> per test class: seeding both samples and starting two proxies
/// costs seconds, and no test changes the data (DML in the corpus is rolled back). Created on first use
/// because xunit 2 cannot hand the PostgreSQL collection fixture to a class fixture's constructor;
/// the database is dropped when the class is done.
/// </summary>
public sealed class OracleFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private OracleEnvironment? _environment;

    public async Task<OracleEnvironment> GetAsync(PostgresServer postgres)
    {
        await _gate.WaitAsync();
        try
        {
            return _environment ??= await OracleEnvironment.StartAsync(postgres);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_environment is not null)
        {
            await _environment.DisposeAsync();
        }

        _gate.Dispose();
    }
}
