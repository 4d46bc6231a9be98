using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Fuzz;

/// <summary>One focused test per finding of <see cref="HostileInputFuzzTests"/>, over HTTP.</summary>
[Collection(ServerCollection.Name)]
public sealed class FuzzRegressionTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    /// <summary>Routing matched methods ignoring case, so <c>get /v1/invoices</c> listed invoices. Raw: HttpClient upper-cases.</summary>
    [Theory]
    [InlineData("get", "/v1/customers")]
    [InlineData("post", "/v1/customers")]
    [InlineData("Delete", "/v1/customers/cus_x")]
    public async Task A_method_in_the_wrong_case_is_an_unrecognized_url(string method, string path)
    {
        var client = fixture.Client();
        var r = await RawHttp.SendAsync(fixture.Server.BaseAddress,
            $"{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {client.ApiKey}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 17\r\nConnection: close\r\n\r\nemail=a%40b.co&x=");
        Assert.Equal(404, r.Status);
        Assert.StartsWith($"Unrecognized request URL ({method}: {path}).", r.StripeError()!["message"]!.GetValue<string>());
        Assert.Empty((await client.GetAsync("/v1/customers")).AssertOk().Body["data"]!.AsArray());
    }

    /// <summary>A key sent as a value and then as a hash or list was silently turned into the hash or list.</summary>
    [Fact]
    public async Task A_key_sent_as_a_value_and_then_as_a_hash_or_list_is_refused()
    {
        var client = fixture.Client();
        (await client.PostAsync("/v1/customers", ("metadata", "1"), ("metadata[a]", "2")))
            .AssertError(HttpStatusCode.BadRequest, param: "metadata[a]");
        (await client.GetAsync("/v1/events", ("types", "1"), ("types[]", "invoice.created")))
            .AssertError(HttpStatusCode.BadRequest, param: "types[]");
        Assert.Empty((await client.GetAsync("/v1/customers")).AssertOk().Body["data"]!.AsArray());
    }

    /// <summary>Any YYYY-MM-DD passed, even a month 13.</summary>
    [Fact]
    public async Task A_Stripe_Version_that_is_not_a_date_is_refused()
    {
        var r = await _client.SendAsync(HttpMethod.Get, "/v1/customers", null, null, m =>
        {
            m.Headers.Remove("Stripe-Version");
            m.Headers.Add("Stripe-Version", "2025-13-45");
        });
        r.AssertError(HttpStatusCode.BadRequest);
        Assert.StartsWith("Invalid Stripe API version: 2025-13-45.", r.ErrorMessage);
    }

    /// <summary>A lone or malformed % was kept literally (<c>email=%zz</c> searched for "%zz").</summary>
    [Fact]
    public async Task Bad_percent_encoding_in_a_form_body_is_refused_and_writes_nothing()
    {
        var client = fixture.Client();
        var r = await client.SendAsync(HttpMethod.Post, "/v1/customers", null, null,
            m => m.Content = new StringContent("email=a%zz@example.com", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        r.AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("Invalid request: a%zz@example.com is not valid application/x-www-form-urlencoded data. A % must be followed by two hexadecimal digits, and the decoded bytes must be UTF-8.", r.ErrorMessage);
        Assert.Empty((await client.GetAsync("/v1/customers")).AssertOk().Body["data"]!.AsArray());
    }

    /// <summary>The fallback skipped paths whose last segment looks like a file name: routing answered a bare 404.</summary>
    [Theory]
    [InlineData("GET", "/v1/widgets/a.json")]
    [InlineData("TRACE", "/v1/customers/x.y")]
    [InlineData("DELETE", "/v1/credit_notes/%2F..%2F")]
    [InlineData("GET", "/favicon.ico")]
    public async Task A_path_with_a_dot_in_its_last_segment_is_an_unrecognized_url(string method, string path)
    {
        var r = await RawHttp.SendAsync(fixture.Server.BaseAddress,
            $"{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {_client.ApiKey}\r\nConnection: close\r\n\r\n");
        Assert.Equal(404, r.Status);
        Assert.StartsWith($"Unrecognized request URL ({method}: ", r.StripeError()!["message"]!.GetValue<string>());
    }
}
