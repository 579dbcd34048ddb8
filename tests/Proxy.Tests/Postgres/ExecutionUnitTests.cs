using MaskingProxy.Proxy.Auditing;
using MaskingProxy.Proxy.Interception;
using MaskingProxy.Proxy.Postgres;
using Xunit;

namespace MaskingProxy.Proxy.Tests.Postgres;

public sealed class ExecutionUnitTests
{
    private static readonly byte[] Key = [1, 2, 3];

    [Fact]
    public void CurrentTransforms_FollowTheStatementProducingRows()
    {
        var phone = new ColumnTransform(0, 2, Key, 12);
        var email = new ColumnTransform(2, 0, Key, 8);
        var decision = StatementDecision.Rewrite("…") with { Transforms = [phone, email] };
        var unit = new ExecutionUnit(1, decision, AuditPending.None, 3);

        var first = Assert.IsType<ColumnTransform?[]>(unit.CurrentTransforms);
        Assert.Equal(3, first.Length);
        Assert.Null(first[0]);
        Assert.Null(first[1]);
        Assert.Same(phone, first[2]);
        unit.Current = 1;
        Assert.Null(unit.CurrentTransforms);
        unit.Current = 2;
        Assert.Same(email, Assert.Single(Assert.IsType<ColumnTransform?[]>(unit.CurrentTransforms)));
    }

    [Fact]
    public void CurrentTransforms_OneIndexPerDecision_SharedByItsExecutions()
    {
        var decision = StatementDecision.Rewrite("…") with { Transforms = [new ColumnTransform(0, 0, Key, 12)] };

        var first = new ExecutionUnit(1, decision, AuditPending.None, 1).CurrentTransforms;
        var second = new ExecutionUnit(2, decision, AuditPending.None, 1).CurrentTransforms;

        Assert.NotNull(first);
        Assert.Same(first, second);
    }

    [Fact]
    public void CurrentTransforms_NoTransforms_Null()
    {
        var unit = new ExecutionUnit(1, StatementDecision.Forward, AuditPending.None, 1);

        Assert.Null(unit.CurrentTransforms);
    }
}
