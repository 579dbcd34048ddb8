using MaskingProxy.Proxy.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Masking;

/// <summary>SPEC §3 hot reload while clients run: no failed statement, no decision under a mixed policy.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PolicyReloadUnderLoadTests
{
    private const string VersionA = """
        version: 1
        name: reload-a
        exempt: [trust_user]
        rules:
          - id: ssn
            columns: ["public.people.ssn"]
            mask: { keep: { first: 3, last: 2 } }
          - id: email
            columns: ["public.people.email"]
            mask: email
        """;

    private const string VersionB = """
        version: 1
        name: reload-b
        exempt: [trust_user]
        rules:
          - id: ssn
            columns: ["public.people.ssn"]
            mask: { replace: "SSN-B" }
          - id: email
            columns: ["public.people.email"]
            mask: { replace: "EMAIL-B" }
        """;

    private const string Invalid = """
        version: 1
        name: broken
        rules:
          - id: ssn
            columns: ["public.people.ssn"]
            mask: { keep: { first: -3 } }
            surprise: true
        """;

    private readonly PostgresServer _postgres;

    public PolicyReloadUnderLoadTests(PostgresServer postgres) => _postgres = postgres;

    [Fact]
    public async Task Reload_WhileClientsLoop_EveryResultFromExactlyOnePolicyAndNoneFails()
    {
        await using var env = await MaskingEnvironment.StartAsync(_postgres, policy: VersionA);
        var changes = 0;
        var rejections = 0;
        env.Interceptor.Policies.Changed += (_, _) => Interlocked.Increment(ref changes);
        env.Interceptor.Policies.ReloadFailed += (_, _) => Interlocked.Increment(ref rejections);
        using var stop = new CancellationTokenSource();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var clients = Enumerable.Range(0, 4).Select(async i =>
        {
            await using var connection = await env.OpenAsync(MaskingEnvironment.MaskedUser);
            var statements = 0;
            while (!stop.IsCancellationRequested)
            {
                // Alternate protocols: simple and extended (unnamed statements: each is decided anew).
                await using var command = new NpgsqlCommand("SELECT ssn, email FROM people WHERE id = 1", connection);
                if (i % 2 == 0)
                {
                    command.AllResultTypesAreUnknown = true;
                }
                await using var reader = await command.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                seen.AddOrUpdate($"{reader.GetString(0)}|{reader.GetString(1)}", 1, (_, n) => n + 1);
                statements++;
            }
            return statements;
        }).ToArray();

        foreach (var content in new[] { VersionB, Invalid, VersionA, Invalid, VersionB, VersionA })
        {
            await Task.Delay(200);
            var before = Volatile.Read(ref changes) + Volatile.Read(ref rejections);
            await File.WriteAllTextAsync(env.PolicyPath, content);
            await WaitForAsync(() => Volatile.Read(ref changes) + Volatile.Read(ref rejections) > before);
        }
        await Task.Delay(700);
        await stop.CancelAsync();
        var counts = await Task.WhenAll(clients);

        Assert.All(counts, c => Assert.True(c > 10, $"a client ran only {c} statements"));
        Assert.Equal(4, changes);
        Assert.Equal(2, rejections);
        var allowed = new HashSet<string> { "110*************34|" + MaskedEmail(seen), "SSN-B|EMAIL-B" };
        Assert.All(seen.Keys, k => Assert.Contains(k, allowed));
        Assert.Equal(2, seen.Count);
    }

    /// <summary>The email mask's output for the seed row (read from what the clients saw under version A).</summary>
    private static string MaskedEmail(System.Collections.Concurrent.ConcurrentDictionary<string, int> seen) =>
        seen.Keys.Select(k => k.Split('|')).Where(p => p[0].StartsWith("110", StringComparison.Ordinal)).Select(p => p[1]).FirstOrDefault(e => e.EndsWith("@example.com", StringComparison.Ordinal) && e != "zhang.san@example.com") ?? "?";

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 250 && !condition(); i++)
        {
            await Task.Delay(20);
        }
    }
}
