using MaskingProxy.SqlRewriter.Policies;
using Xunit;

namespace MaskingProxy.SqlRewriter.Tests.Policies;

public sealed class PolicyStoreTests : IDisposable
{
    private const string ValidA = "version: 1\nname: a\nrules:\n  - id: r\n    columns: [\"*.*.phone\"]\n    mask: null\n";
    private const string ValidB = "version: 1\nname: b\nrules:\n  - id: r\n    columns: [\"*.*.email\"]\n    mask: email\n";
    private const string Invalid = "version: 1\nname: broken\nrules:\n  - id: r\n    columns: [\"*.*.phone\"]\n    mask: { keep: { first: -1 } }\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("policystore-").FullName;

    private string PolicyPath => Path.Combine(_dir, "policy.yaml");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PolicyStore CreateStore(string content)
    {
        File.WriteAllText(PolicyPath, content);
        return new PolicyStore(PolicyLoader.TryLoadFile(PolicyPath).Policy!);
    }

    [Fact]
    public void Valid_reload_swaps_and_raises_changed()
    {
        PolicyStore store = CreateStore(ValidA);
        Policy before = store.Current;
        PolicyChangedEventArgs? changed = null;
        store.Changed += (_, e) => changed = e;

        File.WriteAllText(PolicyPath, ValidB);
        PolicyReloadResult result = store.TryReload(PolicyPath);

        Assert.True(result.Success);
        Assert.True(result.Changed);
        Assert.Equal("b", store.Current.Name);
        Assert.NotNull(changed);
        Assert.Same(before, changed.Previous);
        Assert.Same(store.Current, changed.Current);
    }

    [Fact]
    public void Invalid_reload_keeps_the_last_good_snapshot_and_reports_why()
    {
        PolicyStore store = CreateStore(ValidA);
        Policy good = store.Current;
        PolicyReloadFailedEventArgs? failed = null;
        store.ReloadFailed += (_, e) => failed = e;
        store.Changed += (_, _) => Assert.Fail("must not change");

        File.WriteAllText(PolicyPath, Invalid);
        PolicyReloadResult result = store.TryReload(PolicyPath);

        Assert.False(result.Success);
        Assert.Same(good, store.Current);
        Assert.Same(good, result.Current);
        PolicyError error = Assert.Single(result.Errors);
        Assert.Equal((PolicyErrorKind.OutOfRange, 6, 28), (error.Kind, error.Line, error.Column));
        Assert.NotNull(failed);
        Assert.Same(good, failed.Current);
        Assert.Equal(PolicyPath, failed.Path);

        // A missing file is also a failed reload, not an empty policy.
        File.Delete(PolicyPath);
        Assert.False(store.TryReload(PolicyPath).Success);
        Assert.Same(good, store.Current);
    }

    [Fact]
    public void Reload_of_identical_content_is_not_a_change()
    {
        PolicyStore store = CreateStore(ValidA);
        store.Changed += (_, _) => Assert.Fail("must not change");

        PolicyReloadResult result = store.TryReload(PolicyPath);

        Assert.True(result.Success);
        Assert.False(result.Changed);
    }

    [Fact]
    public async Task Concurrent_readers_always_see_a_complete_snapshot()
    {
        PolicyStore store = CreateStore(ValidA);
        string pathB = Path.Combine(_dir, "b.yaml");
        File.WriteAllText(pathB, ValidB);
        using var stop = new CancellationTokenSource();

        Task reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Policy p = store.Current;
                Assert.True((p.Name == "a" && p.Rules[0].Mask is NullMask) || (p.Name == "b" && p.Rules[0].Mask is EmailMask));
            }
        });

        for (int i = 0; i < 50; i++)
        {
            store.TryReload(i % 2 == 0 ? pathB : PolicyPath);
        }

        await stop.CancelAsync();
        await reader;
    }

    [Fact]
    public async Task Watcher_reloads_after_an_edit_and_ignores_an_invalid_one()
    {
        PolicyStore store = CreateStore(ValidA);
        var changed = new TaskCompletionSource<Policy>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new TaskCompletionSource<IReadOnlyList<PolicyError>>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Changed += (_, e) => changed.TrySetResult(e.Current);
        store.ReloadFailed += (_, e) => failed.TrySetResult(e.Errors);

        using PolicyFileWatcher watcher = store.Watch(PolicyPath, TimeSpan.FromMilliseconds(100), pollInterval: TimeSpan.FromSeconds(2));

        // Atomic replace, the way editors and config managers write.
        string temp = Path.Combine(_dir, "policy.yaml.tmp");
        File.WriteAllText(temp, ValidB);
        File.Move(temp, PolicyPath, overwrite: true);
        Policy reloaded = await changed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("b", reloaded.Name);

        File.WriteAllText(PolicyPath, Invalid);
        IReadOnlyList<PolicyError> errors = await failed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotEmpty(errors);
        Assert.Equal("b", store.Current.Name);
    }
}
