using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Wire;

[Collection(ServerCollection.Name)]
public sealed class AuthTests(ServerFixture fixture)
{
    private Task<StripeResponse> GetWithAuth(string? authorization) =>
        fixture.Client().SendAsync(HttpMethod.Get, "/v1/customers", null, null, r =>
        {
            r.Headers.Authorization = null;
            if (authorization is not null) r.Headers.TryAddWithoutValidation("Authorization", authorization);
        });

    [Fact]
    public async Task Missing_key_is_401_with_stripe_message()
    {
        var r = (await GetWithAuth(null)).AssertError(HttpStatusCode.Unauthorized);
        Assert.StartsWith("You did not provide an API key.", r.ErrorMessage);
        Assert.Equal("invalid_request_error", r.Error["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Live_and_malformed_keys_are_invalid_and_masked()
    {
        var r = (await GetWithAuth("Bearer sk_live_abcdefgh1234")).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal("Invalid API Key provided: sk_live_********1234", r.ErrorMessage);
        (await GetWithAuth("Bearer sk_test_")).AssertError(HttpStatusCode.Unauthorized);
        (await GetWithAuth("Bearer sk_test_bad-char")).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Publishable_key_is_refused()
    {
        var r = (await GetWithAuth("Bearer pk_test_123")).AssertError(HttpStatusCode.Unauthorized);
        Assert.StartsWith("This API call cannot be made with a publishable API key.", r.ErrorMessage);
    }

    [Fact]
    public async Task Basic_auth_with_key_as_user_name_works_like_curl_u()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("sk_test_123:"));
        (await GetWithAuth($"Basic {basic}")).AssertOk();
        (await GetWithAuth("Bearer sk_test_123")).AssertOk();
        (await GetWithAuth("Bearer rk_test_abc_DEF")).AssertOk();
    }

    [Fact]
    public async Task Each_key_is_its_own_account()
    {
        var a = fixture.Client();
        var b = fixture.Client();
        var id = (await a.PostAsync("/v1/customers", ("email", "iso@example.com"))).AssertOk().Id;
        (await b.GetAsync($"/v1/customers/{id}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
        (await b.PostAsync($"/v1/customers/{id}", ("name", "x"))).AssertError(HttpStatusCode.NotFound, "resource_missing");
        (await b.DeleteAsync($"/v1/customers/{id}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
        var listB = (await b.GetAsync("/v1/customers")).AssertOk();
        Assert.Empty(listB.Body["data"]!.AsArray());
        var eventsB = (await b.GetAsync("/v1/events")).AssertOk();
        Assert.Empty(eventsB.Body["data"]!.AsArray());
        (await a.GetAsync($"/v1/customers/{id}")).AssertOk();
    }

    [Fact]
    public async Task Any_dated_stripe_version_is_accepted_and_garbage_is_refused()
    {
        var client = fixture.Client();
        foreach (var version in new[] { "2026-10-28.endive", "2025-10-29.clover", "2020-08-27" })
        {
            var ok = await client.SendAsync(HttpMethod.Get, "/v1/customers", null, null, r =>
            {
                r.Headers.Remove("Stripe-Version");
                r.Headers.Add("Stripe-Version", version);
            });
            ok.AssertOk();
        }
        var bad = await client.SendAsync(HttpMethod.Get, "/v1/customers", null, null, r =>
        {
            r.Headers.Remove("Stripe-Version");
            r.Headers.Add("Stripe-Version", "yesterday");
        });
        bad.AssertError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Every_response_has_a_request_id()
    {
        var ok = await fixture.Client().GetAsync("/v1/customers");
        Assert.Matches("^req_[0-9A-Za-z]{24}$", ok.Header("Request-Id")!);
        var error = await GetWithAuth(null);
        Assert.StartsWith("req_", error.Header("Request-Id"));
    }

    [Fact]
    public async Task Healthz_needs_no_key()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var response = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _ = new AuthenticationHeaderValue("Bearer", "x");
    }
}
