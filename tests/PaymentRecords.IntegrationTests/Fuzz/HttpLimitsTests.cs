using System.Net;
using System.Text;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Fuzz;

/// <summary>
/// docs/http-limits.md: 64 KiB request line and headers are accepted; above, the application answers 414/431 in
/// Stripe's envelope; far above (Kestrel's own limits) and for framing Kestrel refuses itself, its bare answer is
/// rewritten into the envelope too. Bodies: form encoding only, 30 MB at most, Stripe-shaped refusals.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class HttpLimitsTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();
    private Uri Server => fixture.Server.BaseAddress;

    private static void AssertStripeError(RawResponse r, int status)
    {
        Assert.True(r.Status == status, $"Expected {status}, got {r.Status}: {r.Body}");
        Assert.NotNull(r.StripeError());
        Assert.Equal("invalid_request_error", r.StripeError()!["type"]!.GetValue<string>());
        Assert.StartsWith("application/json", r.Headers["Content-Type"]);
        Assert.StartsWith("req_", r.Headers["Request-Id"]);
    }

    private string Auth => "Authorization: Bearer " + _client.ApiKey + "\r\n";

    [Fact]
    public async Task A_60_KB_query_of_expand_entries_gets_a_normal_answer()
    {
        var customer = (await _client.PostAsync("/v1/customers", ("email", "long@example.com"))).AssertOk().Id;
        var query = new List<(string, string)>();
        while (query.Count * "expand%5B%5D=tax_ids&".Length < 60 * 1024) query.Add(("expand[]", "tax_ids"));
        var path = $"/v1/customers/{customer}?" + StripeTestClient.Encode(query);
        Assert.InRange(path.Length, 60 * 1024, HttpLimits.MaxRequestLineBytes - 100);

        var r = (await _client.SendAsync(HttpMethod.Get, path, null, null)).AssertOk();
        Assert.Equal(customer, r.Id);
        Assert.Equal("list", r.Body["tax_ids"]!["object"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_line_over_64_KB_is_a_Stripe_shaped_414_from_the_application()
    {
        var path = "/v1/customers?" + string.Join("&", Enumerable.Repeat("expand%5B%5D=tax_ids", 70 * 1024 / 21));
        var r = await _client.SendAsync(HttpMethod.Get, path, null, null);
        r.AssertError(HttpStatusCode.RequestUriTooLong);
        Assert.Equal("invalid_request_error", r.Error["type"]!.GetValue<string>());
        Assert.Contains("at most 65536 bytes", r.ErrorMessage);
        Assert.StartsWith("req_", r.Header("Request-Id"));
    }

    [Fact]
    public async Task A_request_line_over_Kestrels_own_limit_is_still_Stripe_shaped()
    {
        var target = "/v1/customers?q=" + new string('a', HttpLimits.KestrelMaxRequestLineBytes + 10);
        var r = await RawHttp.SendAsync(Server, $"GET {target} HTTP/1.1\r\nHost: x\r\n{Auth}Connection: close\r\n\r\n");
        AssertStripeError(r, 414);
        Assert.Contains("at most 65536 bytes", r.StripeError()!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Headers_up_to_64_KB_pass_and_over_are_a_Stripe_shaped_431()
    {
        var ok = await _client.SendAsync(HttpMethod.Get, "/v1/customers", null, null,
            m => m.Headers.Add("X-Pad", new string('p', 60 * 1024)));
        ok.AssertOk();

        var r = await _client.SendAsync(HttpMethod.Get, "/v1/customers", null, null,
            m => m.Headers.Add("X-Pad", new string('p', 70 * 1024)));
        r.AssertError(HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Contains("at most 65536 bytes of request headers", r.ErrorMessage);
        Assert.StartsWith("req_", r.Header("Request-Id"));
    }

    [Fact]
    public async Task Headers_over_Kestrels_own_limits_are_still_Stripe_shaped()
    {
        var big = await RawHttp.SendAsync(Server,
            $"GET /v1/customers HTTP/1.1\r\nHost: x\r\n{Auth}X-Pad: {new string('p', HttpLimits.KestrelMaxRequestHeadersBytes + 10)}\r\nConnection: close\r\n\r\n");
        AssertStripeError(big, 431);

        var many = new StringBuilder($"GET /v1/customers HTTP/1.1\r\nHost: x\r\n{Auth}");
        for (var i = 0; i < HttpLimits.MaxRequestHeaderCount + 5; i++) many.Append($"X-H{i}: v\r\n");
        many.Append("Connection: close\r\n\r\n");
        AssertStripeError(await RawHttp.SendAsync(Server, many.ToString()), 431);
    }

    public static TheoryData<string, string> MalformedFraming() => new()
    {
        { "NUL in the request target", "GET /v1/cust\0omers HTTP/1.1\r\nHost: x\r\n" },
        { "space in the request target", "GET /v1/customers x HTTP/1.1\r\nHost: x\r\n" },
        { "NUL byte in a header value", "GET /v1/customers HTTP/1.1\r\nHost: x\r\nX-Bad: a\0b\r\n" },
        { "bare CR in a header value", "GET /v1/customers HTTP/1.1\r\nHost: x\r\nX-Bad: a\rb\r\n" },
        { "non-ASCII byte in a header name", "GET /v1/customers HTTP/1.1\r\nHost: x\r\nX-B\u00e9d: v\r\n" },
        { "invalid header name", "GET /v1/customers HTTP/1.1\r\nHost: x\r\nX Bad: v\r\n" },
        { "header line without a colon", "GET /v1/customers HTTP/1.1\r\nHost: x\r\nnocolon\r\n" },
        { "unsupported HTTP version", "GET /v1/customers HTTP/3.0\r\nHost: x\r\n" },
        { "missing Host", "GET /v1/customers HTTP/1.1\r\n" },
        { "two Content-Length values", "POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n" },
        { "garbage request line", "\u0001\u0002\u0003 nonsense\r\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedFraming))]
    public async Task Framing_Kestrel_refuses_is_answered_in_Stripes_envelope(string what, string head)
    {
        var r = await RawHttp.SendAsync(Server, Encoding.Latin1.GetBytes(head + Auth + "Connection: close\r\n\r\n"));
        Assert.True(r.Status == 400, $"{what}: expected 400, got {r.Status}: {r.Body}");
        AssertStripeError(r, 400);
    }

    [Fact]
    public async Task A_valid_request_before_a_malformed_one_on_the_same_connection_is_answered_unchanged()
    {
        var pipelined = $"GET /v1/customers HTTP/1.1\r\nHost: x\r\n{Auth}\r\nGET /v1/cust\0omers HTTP/1.1\r\nHost: x\r\n\r\n";
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(Server.Host, Server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(pipelined));
        var received = new MemoryStream();
        await stream.CopyToAsync(received).WaitAsync(TimeSpan.FromSeconds(20));
        var text = Encoding.UTF8.GetString(received.ToArray());

        Assert.StartsWith("HTTP/1.1 200 OK", text);
        Assert.Contains("\"object\":\"list\"", text);
        var second = text.IndexOf("HTTP/1.1 400", StringComparison.Ordinal);
        Assert.True(second > 0, text);
        Assert.Contains("\"type\":\"invalid_request_error\"", text[second..]);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_Stripe_shaped_413()
    {
        var r = await RawHttp.SendAsync(Server,
            $"POST /v1/customers HTTP/1.1\r\nHost: x\r\n{Auth}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {HttpLimits.MaxRequestBodyBytes + 1}\r\n\r\nemail=a");
        AssertStripeError(r, 413);
        Assert.Contains($"at most {HttpLimits.MaxRequestBodyBytes} bytes", r.StripeError()!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Broken_chunked_framing_of_a_body_is_a_Stripe_shaped_400()
    {
        var r = await RawHttp.SendAsync(Server,
            $"POST /v1/customers HTTP/1.1\r\nHost: x\r\n{Auth}Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nemail=a\r\n0\r\n\r\n");
        AssertStripeError(r, 400);
    }

    [Theory]
    [InlineData("application/json", "{\"email\":\"a@example.com\"}")]
    [InlineData("text/plain", "email=a@example.com")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@example.com\r\n--x--\r\n")]
    public async Task A_body_that_is_not_form_encoded_is_refused_and_writes_nothing(string contentType, string body)
    {
        var client = fixture.Client();
        var r = await client.SendAsync(HttpMethod.Post, "/v1/customers", null, null,
            m => m.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { { "Content-Type", contentType } } });
        r.AssertError(HttpStatusCode.BadRequest);
        Assert.Equal($"Invalid request: unsupported Content-Type {contentType}. Request bodies must be application/x-www-form-urlencoded.", r.ErrorMessage);
        Assert.Empty((await client.GetAsync("/v1/customers")).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Form_encoding_with_a_charset_or_without_a_content_type_is_read()
    {
        var client = fixture.Client();
        (await client.SendAsync(HttpMethod.Post, "/v1/customers", null, null,
            m => m.Content = new ByteArrayContent("email=a%40example.com"u8.ToArray()) { Headers = { { "Content-Type", "application/x-www-form-urlencoded; charset=utf-8" } } }))
            .AssertOk();
        var r = await RawHttp.SendAsync(Server,
            $"POST /v1/customers HTTP/1.1\r\nHost: x\r\n{Auth.Replace(_client.ApiKey, client.ApiKey)}Content-Length: 21\r\nConnection: close\r\n\r\nemail=b%40example.com");
        Assert.Equal(200, r.Status);
        Assert.Equal(2, (await client.GetAsync("/v1/customers")).AssertOk().Body["data"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("email=%zz")]
    [InlineData("email=%4")]
    [InlineData("email=abc%")]
    [InlineData("email=%FF%FE")]
    [InlineData("em%ZZail=x")]
    public async Task Bad_percent_encoding_is_refused_rather_than_kept_literally(string query)
    {
        // Raw: HttpClient would re-escape a lone % in the URL as %25.
        var r = await RawHttp.SendAsync(Server, $"GET /v1/customers?{query} HTTP/1.1\r\nHost: x\r\n{Auth}Connection: close\r\n\r\n");
        AssertStripeError(r, 400);
        Assert.Contains("is not valid application/x-www-form-urlencoded data", r.StripeError()!["message"]!.GetValue<string>());
        var p = (await _client.SendAsync(HttpMethod.Post, "/v1/customers", null, null,
            m => m.Content = new StringContent(query, Encoding.UTF8, "application/x-www-form-urlencoded"))).AssertError(HttpStatusCode.BadRequest);
        Assert.Contains("is not valid application/x-www-form-urlencoded data", p.ErrorMessage);
    }
}
