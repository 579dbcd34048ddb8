using MaskingProxy.Proxy.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Masking;

/// <summary>
/// A statement prepared under one policy and executed under the next: the server holds the old
/// rewrite, so the proxy decides the text again and lets it run only if it still reads the same.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PreparedStatementAfterReloadTests(PostgresServer postgres)
{
    private static readonly string Tightened = MaskingEnvironment.Policy.Replace(
        "mask: { keep: { first: 3, last: 2 } }", "mask: { replace: \"SSN-HIDDEN\" }", StringComparison.Ordinal);

    [Fact]
    public async Task Execute_PolicyChangedForItsColumn_RefusedUntilPreparedAgain()
    {
        await using var env = await MaskingEnvironment.StartAsync(postgres);
        await using var connection = await env.OpenAsync(MaskingEnvironment.MaskedUser);
        await using var ssn = new NpgsqlCommand("SELECT ssn FROM people WHERE id = @id", connection);
        ssn.Parameters.AddWithValue("id", 1);
        await ssn.PrepareAsync();
        await using var name = new NpgsqlCommand("SELECT ssn FROM shadow.people WHERE id = @id", connection);
        name.Parameters.AddWithValue("id", 7);
        await name.PrepareAsync();
        Assert.Equal("110*************34", await ssn.ExecuteScalarAsync());

        await ReloadAsync(env, Tightened);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ssn.ExecuteScalarAsync());
        Assert.Equal("42501", error.SqlState);
        Assert.Contains("prepare it again", error.MessageText, StringComparison.Ordinal);
        // A prepared statement the change does not touch (an uncovered table) keeps running.
        Assert.Equal("shadow-ssn", await name.ExecuteScalarAsync());
        await ssn.UnprepareAsync();
        await ssn.PrepareAsync();
        Assert.Equal("SSN-HIDDEN", await ssn.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Statement_LoginLosesExemptionMidSession_NextStatementMaskedAndErrorsWithheld()
    {
        await using var env = await MaskingEnvironment.StartAsync(postgres);
        await using var connection = await env.OpenAsync(MaskingEnvironment.ExemptUser);
        await using var ssn = new NpgsqlCommand("SELECT ssn FROM people WHERE id = 1", connection);
        Assert.Equal("110101199003071234", await ssn.ExecuteScalarAsync());

        await ReloadAsync(env, MaskingEnvironment.Policy.Replace("exempt: [trust_user]", "exempt: []", StringComparison.Ordinal));

        Assert.Equal("110*************34", await ssn.ExecuteScalarAsync());
        await using var cast = new NpgsqlCommand("SELECT ssn::int FROM people", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => cast.ExecuteScalarAsync());
        Assert.Contains("withheld", error.MessageText, StringComparison.Ordinal);
        Assert.DoesNotContain("1101", error.MessageText, StringComparison.Ordinal);
    }

    private static async Task ReloadAsync(MaskingEnvironment env, string policy)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        env.Interceptor.Policies.Changed += (_, _) => changed.TrySetResult();
        await File.WriteAllTextAsync(env.PolicyPath, policy);
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
