using System.Text.Json;

namespace MaskingProxy.AuditLog.Shipping;

/// <summary>
/// The index template the shipper installs (PUT _index_template/{index}): explicit mappings so that
/// Elasticsearch never guesses types from the first document (docs/audit-format.md §17).
/// <list type="bullet">
/// <item><c>dynamic: false</c>: members not listed are kept in <c>_source</c> but not indexed, so a
/// newer record type can never make a document fail on a mapping conflict.</item>
/// <item><c>event</c> is stored, not indexed (<c>enabled: false</c>): its shape differs per type
/// (<c>outcome</c> is an object or a string). The <c>search</c> projection is the indexed copy.</item>
/// <item><c>hash</c>, <c>mac</c>, <c>sig</c>: keywords, neither indexed nor with doc values: only the
/// verifier reads them, from <c>_source</c>.</item>
/// <item><c>ts</c> is <c>date_nanos</c> to keep the records' microseconds.</item>
/// </list>
/// </summary>
internal static class IndexTemplate
{
    public static string NameFor(string index) => index;

    public static byte[] Build(string index)
    {
        var keyword = new Dictionary<string, object> { ["type"] = "keyword" };
        var longType = new Dictionary<string, object> { ["type"] = "long" };
        var stored = new Dictionary<string, object> { ["type"] = "keyword", ["index"] = false, ["doc_values"] = false };
        var template = new Dictionary<string, object>
        {
            ["index_patterns"] = new[] { index },
            ["priority"] = 500,
            ["_meta"] = new Dictionary<string, object> { ["managed_by"] = "maskingproxy", ["format"] = 1 },
            ["template"] = new Dictionary<string, object>
            {
                ["mappings"] = new Dictionary<string, object>
                {
                    ["dynamic"] = false,
                    ["properties"] = new Dictionary<string, object>
                    {
                        ["chain"] = keyword,
                        ["seq"] = longType,
                        ["ts"] = new Dictionary<string, object> { ["type"] = "date_nanos" },
                        ["type"] = keyword,
                        ["v"] = new Dictionary<string, object> { ["type"] = "integer" },
                        ["hash"] = stored,
                        ["mac"] = stored,
                        ["sig"] = stored,
                        ["event"] = new Dictionary<string, object> { ["type"] = "object", ["enabled"] = false },
                        [ShippedDocument.SearchMember] = new Dictionary<string, object>
                        {
                            ["properties"] = new Dictionary<string, object>
                            {
                                ["login"] = keyword,
                                ["application"] = keyword,
                                ["client"] = keyword,
                                ["port"] = new Dictionary<string, object> { ["type"] = "integer" },
                                ["session"] = keyword,
                                ["database"] = keyword,
                                ["protocol"] = keyword,
                                ["action"] = keyword,
                                ["objects"] = keyword,
                                ["verdict"] = keyword,
                                ["rules"] = keyword,
                                ["reason"] = new Dictionary<string, object> { ["type"] = "text" },
                                ["status"] = keyword,
                                ["sqlstate"] = keyword,
                                ["rows"] = longType,
                                ["duration_us"] = longType,
                                ["statement"] = new Dictionary<string, object> { ["type"] = "text" },
                                ["statement_sm3"] = keyword,
                                ["statement_seq"] = longType,
                                ["policy_version"] = keyword,
                            },
                        },
                    },
                },
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(template);
    }
}
