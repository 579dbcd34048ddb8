using System.Text;
using MaskingProxy.AuditLog.Shipping;

namespace MaskingProxy.AuditLog.Tests.Shipping;

public sealed class BulkResponseTests
{
    [Fact]
    public void Parses_mixed_item_results_in_order()
    {
        var body = """
            {"took":3,"errors":true,"items":[
              {"create":{"_index":"a","_id":"c:1","_version":1,"result":"created","status":201}},
              {"create":{"_index":"a","_id":"c:2","status":409,"error":{"type":"version_conflict_engine_exception","reason":"[c:2]: version conflict, document already exists"}}},
              {"create":{"_index":"a","_id":"c:3","status":429,"error":{"type":"es_rejected_execution_exception","reason":"rejected"}}},
              {"create":{"_index":"a","_id":"c:4","status":503,"error":{"type":"unavailable_shards_exception","reason":"primary shard is not active"}}},
              {"create":{"_index":"a","_id":"c:5","status":400,"error":{"type":"mapper_parsing_exception","reason":"failed to parse field [ts]"}}},
              {"create":{"_index":"a","_id":"c:6","status":413,"error":"too large"}}
            ]}
            """;
        var response = BulkResponse.Parse(Encoding.UTF8.GetBytes(body));
        Assert.Equal(["c:1", "c:2", "c:3", "c:4", "c:5", "c:6"], response.Items.Select(i => i.Id));
        Assert.Equal(
            [BulkItemOutcome.Created, BulkItemOutcome.AlreadyExists, BulkItemOutcome.Retry, BulkItemOutcome.Retry, BulkItemOutcome.Poison, BulkItemOutcome.Poison],
            response.Items.Select(i => i.Outcome));
        Assert.Equal("mapper_parsing_exception", response.Items[4].ErrorType);
        Assert.Equal("too large", response.Items[5].ErrorReason);
    }

    [Theory]
    [InlineData(200, "Created")]
    [InlineData(201, "Created")]
    [InlineData(409, "AlreadyExists")]
    [InlineData(429, "Retry")]
    [InlineData(500, "Retry")]
    [InlineData(0, "Retry")]
    [InlineData(400, "Poison")]
    [InlineData(403, "Poison")]
    [InlineData(404, "Poison")]
    public void Classifies_item_statuses(int status, string outcome) => Assert.Equal(outcome, BulkItemClassifier.Classify(status).ToString());

    [Fact]
    public void Garbage_is_a_transient_error()
    {
        var ex = Assert.Throws<ElasticsearchException>(() => BulkResponse.Parse("<html>bad gateway</html>"u8.ToArray()));
        Assert.True(ex.IsTransient);
    }
}
