using MaskingProxy.Proxy.Postgres;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres;

public sealed class BackendStatementsTests
{
    private const string Text = "SELECT ssn FROM (SELECT …) AS people WHERE id = $1";

    [Fact]
    public void Acquire_FirstTime_CreatesUnderAReservedName()
    {
        var statements = new BackendStatements(4);

        var name = statements.Acquire(Text, [], group: 1, out var create);

        Assert.True(create);
        Assert.NotNull(name);
        Assert.True(BackendStatements.IsReserved(name));
    }

    [Fact]
    public void Acquire_BeforeCreationConfirmed_NotKept()
    {
        var statements = new BackendStatements(4);
        statements.Acquire(Text, [], group: 1, out _);

        // Pipelined behind the creating Parse, whose outcome is not known yet.
        Assert.Null(statements.Acquire(Text, [], group: 2, out var create));
        Assert.False(create);
    }

    [Fact]
    public void Acquire_AfterGroupEndedCleanly_ReusesWithoutCreating()
    {
        var statements = new BackendStatements(4);
        var name = statements.Acquire(Text, [], group: 1, out _);
        statements.GroupEnded(1, error: false);

        Assert.Equal(name, statements.Acquire(Text, [], group: 2, out var create));
        Assert.False(create);
    }

    [Fact]
    public void GroupEnded_ErrorInCreatingGroup_NextAcquireCreatesUnderANewName()
    {
        var statements = new BackendStatements(4);
        var first = statements.Acquire(Text, [], group: 1, out _);
        statements.GroupEnded(1, error: true);

        var second = statements.Acquire(Text, [], group: 2, out var create);

        Assert.True(create);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void GroupEnded_ErrorInAGroupThatUsedIt_Dropped()
    {
        var statements = new BackendStatements(4);
        statements.Acquire(Text, [], group: 1, out _);
        statements.GroupEnded(1, error: false);
        statements.Acquire(Text, [], group: 2, out _);
        statements.GroupEnded(2, error: true);

        statements.Acquire(Text, [], group: 3, out var create);

        Assert.True(create);
    }

    [Fact]
    public void GroupEnded_ErrorInALaterGroup_KeepsEntriesNotUsedThere()
    {
        var statements = new BackendStatements(4);
        var name = statements.Acquire(Text, [], group: 1, out _);
        statements.GroupEnded(1, error: false);
        statements.GroupEnded(2, error: true);

        Assert.Equal(name, statements.Acquire(Text, [], group: 3, out var create));
        Assert.False(create);
    }

    [Fact]
    public void GroupEnded_EntryUsedByAPipelinedGroup_DecidedByThatGroupsEnd()
    {
        var statements = new BackendStatements(4);
        var name = statements.Acquire(Text, [], group: 1, out _);
        statements.GroupEnded(1, error: false);
        statements.Acquire(Text, [], group: 3, out _);

        // Group 2 failed without using it; group 3, which did, then fails too.
        statements.GroupEnded(2, error: true);
        Assert.Equal(name, statements.Acquire(Text, [], group: 3, out _));
        statements.GroupEnded(3, error: true);

        Assert.NotEqual(name, statements.Acquire(Text, [], group: 4, out var create));
        Assert.True(create);
    }

    [Fact]
    public void GroupEnded_AfterClear_DoesNotTouchTheNewEntryUnderTheSameText()
    {
        var statements = new BackendStatements(4);
        statements.Acquire(Text, [], group: 1, out _);
        statements.Clear();
        var second = statements.Acquire(Text, [], group: 2, out _);

        statements.GroupEnded(1, error: true);
        statements.GroupEnded(2, error: false);

        Assert.Equal(second, statements.Acquire(Text, [], group: 3, out var create));
        Assert.False(create);
        Assert.Equal(1, statements.Count);
    }

    [Fact]
    public void Acquire_DifferentParameterTypes_SeparateStatements()
    {
        var statements = new BackendStatements(4);
        var untyped = statements.Acquire(Text, [], group: 1, out _);
        var typed = statements.Acquire(Text, [23], group: 1, out var create);

        Assert.True(create);
        Assert.NotEqual(untyped, typed);
    }

    [Fact]
    public void Acquire_CapacityUsed_NotKeptEvenAfterClear()
    {
        var statements = new BackendStatements(2);
        statements.Acquire("SELECT 1", [], 1, out _);
        statements.Acquire("SELECT 2", [], 1, out _);
        statements.Clear();

        // Names are never reused, so the session's creations are what the capacity bounds.
        Assert.Null(statements.Acquire("SELECT 3", [], 2, out _));
        Assert.Equal(0, statements.Count);
    }

    [Theory]
    [InlineData("__mp_auto_1", true)]
    [InlineData("__mp_auto_", true)]
    [InlineData("_p1", false)]
    [InlineData("", false)]
    [InlineData("__MP_AUTO_1", false)]
    public void IsReserved_Names_MatchThePrefixExactly(string name, bool reserved) =>
        Assert.Equal(reserved, BackendStatements.IsReserved(name));
}
