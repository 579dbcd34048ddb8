using System.Text;
using MaskingProxy.AuditLog.Shipping;
using MaskingProxy.AuditLog.Tests.Support;

namespace MaskingProxy.AuditLog.Tests.Shipping;

/// <summary>API key and basic authentication, HTTPS trusted through a CA file.</summary>
public sealed class ShipperSecurityTests
{
    [Fact]
    public async Task Sends_the_api_key_as_an_ApiKey_authorization_header()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 5);
        await using var server = await ElasticsearchTestServer.StartAsync(requiredAuthorization: "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
        var log = new ShipperLog();
        var es = ShippingHarness.Elasticsearch(server.Url) with { ApiKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==" };
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, es, log));
        shipper.Start();
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);
        Assert.Equal(ShippingHarness.ExpectedIds(dir.Path).Count, server.Count(ShippingHarness.Index));
    }

    [Fact]
    public async Task Sends_user_and_password_as_basic_authentication()
    {
        using var dir = new TempDirectory();
        await ShippingHarness.WriteClosedLog(dir.Path, 5);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:pä55:word"));
        await using var server = await ElasticsearchTestServer.StartAsync(requiredAuthorization: expected);
        var log = new ShipperLog();
        var es = ShippingHarness.Elasticsearch(server.Url) with { Username = "elastic", Password = "pä55:word" };
        await using var shipper = new AuditShipper(ShippingHarness.Options(dir.Path, es, log));
        shipper.Start();
        await ShippingHarness.WaitShipped(shipper, dir.Path, log);
        Assert.All(server.Authorizations, a => Assert.Equal(expected, a));
    }

    [Fact]
    public async Task Https_with_a_ca_file_trusts_that_ca_and_only_that_ca()
    {
        using var dir = new TempDirectory();
        using var certificates = new TestCertificates(dir.Path);
        await ShippingHarness.WriteClosedLog(dir.Path, 5);
        await using var server = await ElasticsearchTestServer.StartAsync(certificates.Server);
        Assert.Equal("https", server.Url.Scheme);

        var log = new ShipperLog();
        var untrusted = ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url) with { CaFile = certificates.OtherCaFile }, log);
        await using (var shipper = new AuditShipper(untrusted))
        {
            shipper.Start();
            await ShippingHarness.WaitUntil(() => shipper.Metrics.FailedRequests >= 2, TimeSpan.FromSeconds(10), log.ToString);
            Assert.Null(server.Template(ShippingHarness.Index));
        }

        var trusted = ShippingHarness.Options(dir.Path, ShippingHarness.Elasticsearch(server.Url) with { CaFile = certificates.CaFile }, log);
        await using var trustedShipper = new AuditShipper(trusted);
        trustedShipper.Start();
        await ShippingHarness.WaitShipped(trustedShipper, dir.Path, log);
        Assert.Equal(ShippingHarness.ExpectedIds(dir.Path).Count, server.Count(ShippingHarness.Index));
    }

    [Fact]
    public async Task Https_with_a_ca_file_still_checks_the_host_name()
    {
        using var dir = new TempDirectory();
        using var certificates = new TestCertificates(dir.Path, includeLoopbackAddress: false);
        await using var server = await ElasticsearchTestServer.StartAsync(certificates.Server);
        using (var good = new ElasticsearchClient(ShippingHarness.Elasticsearch(server.Url) with { CaFile = certificates.CaFile }))
        {
            var notFound = await Assert.ThrowsAsync<ElasticsearchException>(() => Search(good));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, notFound.StatusCode); // TLS accepted; the index just does not exist
        }

        using var client = new ElasticsearchClient(new ElasticsearchOptions
        {
            // The certificate names only localhost; 127.0.0.1 reaches the same listener but is not in it.
            Url = new Uri($"https://127.0.0.1:{server.Port}"),
            Index = ShippingHarness.Index,
            CaFile = certificates.CaFile,
            RequestTimeout = TimeSpan.FromSeconds(5),
        });
        var ex = await Assert.ThrowsAsync<ElasticsearchException>(() => Search(client));
        Assert.Null(ex.StatusCode);
        Assert.IsType<System.Security.Authentication.AuthenticationException>(ex.InnerException?.InnerException);
    }

    /// <summary>Any request through the product's client: the index does not exist, so a trusted one ends in 404.</summary>
    private static async Task Search(ElasticsearchClient client)
    {
        using var _ = await client.SearchAsync("{}"u8.ToArray(), CancellationToken.None);
    }
}
