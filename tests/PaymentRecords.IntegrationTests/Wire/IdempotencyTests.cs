using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Wire;

[Collection(ServerCollection.Name)]
public sealed class IdempotencyTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private static string NewKey() => Guid.NewGuid().ToString();

    [Fact]
    public async Task Retry_with_same_key_and_params_replays_byte_identical()
    {
        var key = NewKey();
        var first = (await _client.PostIdempotentAsync("/v1/customers", key, ("email", "r@example.com"), ("metadata[a]", "1"))).AssertOk();
        var second = (await _client.PostIdempotentAsync("/v1/customers", key, ("metadata[a]", "1"), ("email", "r@example.com"))).AssertOk();

        Assert.Equal(first.Raw, second.Raw);
        Assert.Equal("true", second.Header("Idempotent-Replayed"));
        Assert.Null(first.Header("Idempotent-Replayed"));
        Assert.Equal(first.Header("Request-Id"), second.Header("Request-Id"));
        var list = (await _client.GetAsync("/v1/customers")).AssertOk().Body["data"]!.AsArray();
        Assert.Single(list);
    }

    [Fact]
    public async Task Same_key_with_different_params_or_path_is_an_idempotency_error()
    {
        var key = NewKey();
        var id = (await _client.PostIdempotentAsync("/v1/customers", key, ("email", "a@example.com"))).AssertOk().Id;
        var r = (await _client.PostIdempotentAsync("/v1/customers", key, ("email", "b@example.com"))).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("idempotency_error", r.Error["type"]!.GetValue<string>());
        Assert.Contains(key, r.ErrorMessage);
        (await _client.PostIdempotentAsync($"/v1/customers/{id}", key, ("email", "a@example.com"))).AssertError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Business_errors_are_stored_and_replayed()
    {
        var key = NewKey();
        var first = (await _client.PostIdempotentAsync("/v1/customers/cus_missing", key, ("name", "x"))).AssertError(HttpStatusCode.NotFound, "resource_missing");
        var again = (await _client.PostIdempotentAsync("/v1/customers/cus_missing", key, ("name", "x"))).AssertError(HttpStatusCode.NotFound);
        Assert.Equal(first.Raw, again.Raw);
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Parameter_validation_errors_store_nothing()
    {
        var key = NewKey();
        (await _client.PostIdempotentAsync("/v1/customers", key, ("bogus", "1"))).AssertError(HttpStatusCode.BadRequest, "parameter_unknown");
        var ok = (await _client.PostIdempotentAsync("/v1/customers", key, ("email", "v@example.com"))).AssertOk();
        Assert.Null(ok.Header("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Key_in_use_by_a_running_request_is_409()
    {
        var key = NewKey();
        var slow = _client.SendAsync(HttpMethod.Post, "/v1/customers", [("email", "slow@example.com")], key,
            r => r.Headers.Add("X-Test-Delay-Ms", "1500"));
        await Task.Delay(400);
        var concurrent = (await _client.PostIdempotentAsync("/v1/customers", key, ("email", "slow@example.com")))
            .AssertError(HttpStatusCode.Conflict, "idempotency_key_in_use");
        Assert.Equal("idempotency_error", concurrent.Error["type"]!.GetValue<string>());
        var first = (await slow).AssertOk();
        var replay = (await _client.PostIdempotentAsync("/v1/customers", key, ("email", "slow@example.com"))).AssertOk();
        Assert.Equal(first.Raw, replay.Raw);
    }

    [Fact]
    public async Task Keys_are_scoped_per_account()
    {
        var key = NewKey();
        var a = (await _client.PostIdempotentAsync("/v1/customers", key, ("email", "a@example.com"))).AssertOk();
        var b = (await fixture.Client().PostIdempotentAsync("/v1/customers", key, ("email", "a@example.com"))).AssertOk();
        Assert.NotEqual(a.Id, b.Id);
        Assert.Null(b.Header("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Key_longer_than_255_is_refused()
    {
        (await _client.PostIdempotentAsync("/v1/customers", new string('k', 256))).AssertError(HttpStatusCode.BadRequest);
        (await _client.PostIdempotentAsync("/v1/customers", new string('k', 255))).AssertOk();
    }
}

[Collection(ServerCollection.Name)]
public sealed class IdempotencyParameterErrorTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_missing_param_found_by_the_handler_stores_nothing_either()
    {
        var client = fixture.Client();
        var key = Guid.NewGuid().ToString();
        // `customer` is not required by the spec's table, so the invoice handler itself refuses its absence.
        (await client.PostIdempotentAsync("/v1/invoices", key)).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "customer");
        var customer = (await client.PostAsync("/v1/customers")).AssertOk().Id;
        var retried = (await client.PostIdempotentAsync("/v1/invoices", key, ("customer", customer))).AssertOk();
        Assert.Null(retried.Header("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_validator_refusal_stores_nothing()
    {
        var client = fixture.Client();
        var key = Guid.NewGuid().ToString();
        (await client.PostIdempotentAsync("/v1/customers", key, ("invoice_prefix", "a"))).AssertError(HttpStatusCode.BadRequest, param: "invoice_prefix");
        (await client.PostIdempotentAsync("/v1/customers", key, ("invoice_prefix", "ABC"))).AssertOk();
    }
}
