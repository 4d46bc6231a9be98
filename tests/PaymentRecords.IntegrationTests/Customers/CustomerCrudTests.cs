using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Customers;

[Collection(ServerCollection.Name)]
public sealed class CustomerCrudTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Theory]
    [InlineData("5")]
    [InlineData("ada at example.com")]
    [InlineData("ada@")]
    [InlineData("a@b@example.com")]
    public async Task An_email_that_cannot_be_an_address_is_refused(string email)
    {
        // Recorded against Stripe for "5": this wording; the code is Stripe's documented one for a malformed address.
        var refused = (await _client.PostAsync("/v1/customers", ("email", email))).AssertError(HttpStatusCode.BadRequest, "email_invalid", "email");
        Assert.Equal($"Invalid email address: {email}", refused.ErrorMessage);
        var id = (await _client.PostAsync("/v1/customers", ("email", "ada+tag@example.co.uk"))).AssertOk().Id;
        (await _client.PostAsync($"/v1/customers/{id}", ("email", email))).AssertError(HttpStatusCode.BadRequest, "email_invalid", "email");
        Assert.Equal("ada+tag@example.co.uk", (await _client.GetAsync($"/v1/customers/{id}")).AssertOk().Body["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_address_update_merges_key_by_key()
    {
        var id = (await _client.PostAsync("/v1/customers", ("address[city]", "Paris"), ("address[country]", "FR"))).AssertOk().Id;
        // Recorded against Stripe: nested objects merge per key.
        var merged = (await _client.PostAsync($"/v1/customers/{id}", ("address[line1]", "1 Rue"))).AssertOk().Body["address"]!;
        Assert.Equal(("Paris", "FR", "1 Rue"), (merged["city"]!.GetValue<string>(), merged["country"]!.GetValue<string>(), merged["line1"]!.GetValue<string>()));
        var changed = (await _client.PostAsync($"/v1/customers/{id}", ("address[city]", "Lyon"))).AssertOk().Body["address"]!;
        Assert.Equal(("Lyon", "1 Rue"), (changed["city"]!.GetValue<string>(), changed["line1"]!.GetValue<string>()));
        // The spec lets no address key be emptied on its own: "" is refused, as Stripe refuses it.
        (await _client.PostAsync($"/v1/customers/{id}", ("address[line1]", ""))).AssertError(HttpStatusCode.BadRequest, "parameter_invalid_empty", "address[line1]");
        Assert.Null((await _client.PostAsync($"/v1/customers/{id}", ("address", ""))).AssertOk().Body["address"]);
    }

    [Fact]
    public async Task Create_returns_every_customer_field_with_stripe_defaults()
    {
        var c = (await _client.PostAsync("/v1/customers", ("email", "ada@example.com"), ("name", "Ada"),
            ("address[city]", "Paris"), ("metadata[plan]", "gold"))).AssertOk().Body;

        Assert.StartsWith("cus_", c["id"]!.GetValue<string>());
        Assert.Equal("customer", c["object"]!.GetValue<string>());
        Assert.Equal("ada@example.com", c["email"]!.GetValue<string>());
        Assert.Equal("Paris", c["address"]!["city"]!.GetValue<string>());
        Assert.True(c["address"]!.AsObject().ContainsKey("line1"));
        Assert.Null(c["address"]!["line1"]);
        Assert.Equal(0, c["balance"]!.GetValue<long>());
        Assert.False(c["livemode"]!.GetValue<bool>());
        Assert.Equal(1, c["next_invoice_sequence"]!.GetValue<long>());
        Assert.Matches("^[A-Z0-9]{8}$", c["invoice_prefix"]!.GetValue<string>());
        Assert.Equal("gold", c["metadata"]!["plan"]!.GetValue<string>());
        foreach (var key in new[] { "currency", "default_source", "description", "discount", "phone", "shipping", "test_clock" })
        {
            Assert.True(c.ContainsKey(key), key);
            Assert.Null(c[key]);
        }
        Assert.False(c.ContainsKey("sources"));
        Assert.False(c.ContainsKey("cash_balance"));
    }

    [Fact]
    public async Task Given_invoice_prefix_is_kept_and_a_malformed_one_is_refused()
    {
        var ok = (await _client.PostAsync("/v1/customers", ("invoice_prefix", "ACME42"))).AssertOk();
        Assert.Equal("ACME42", ok.Body["invoice_prefix"]!.GetValue<string>());

        // Recorded against Stripe: one to twelve uppercase letters or digits, whatever its API reference says (3–12).
        Assert.Equal("Q", (await _client.PostAsync("/v1/customers", ("invoice_prefix", "Q"))).AssertOk().Body["invoice_prefix"]!.GetValue<string>());
        foreach (var bad in new[] { "ab", "AB_1", "ABCDEFGHIJKLM" })
        {
            var refused = (await _client.PostAsync("/v1/customers", ("invoice_prefix", bad))).AssertError(HttpStatusCode.BadRequest);
            Assert.Equal("Invoice number prefix must be 1–12 uppercase letters or numbers.", refused.ErrorMessage);
            Assert.Null(refused.ErrorCode);
        }
        (await _client.PostAsync("/v1/customers", ("invoice_prefix", "ACME42"))).AssertError(HttpStatusCode.BadRequest, param: "invoice_prefix");
    }

    /// <summary>Recorded against Stripe: a customer's shipping carries every address key, and no carrier or tracking number until set.</summary>
    [Fact]
    public async Task Shipping_has_no_carrier_or_tracking_number_until_set()
    {
        var shipping = (await _client.PostAsync("/v1/customers", ("shipping[name]", "Ada"), ("shipping[address][line1]", "1 Main")))
            .AssertOk().Body["shipping"]!.AsObject();
        Assert.Equal(["address", "name", "phone"], shipping.Select(kv => kv.Key).Order());
        Assert.Equal(["city", "country", "line1", "line2", "postal_code", "state"], shipping["address"]!.AsObject().Select(kv => kv.Key).Order());
    }

    /// <summary>Recorded against Stripe: a nonzero balance stamps the account's default currency on a customer without one.</summary>
    [Fact]
    public async Task A_nonzero_balance_stamps_the_account_currency()
    {
        Assert.Null((await _client.PostAsync("/v1/customers", ("balance", "0"))).AssertOk().Body["currency"]);
        Assert.Equal("usd", (await _client.PostAsync("/v1/customers", ("balance", "500"))).AssertOk().Body["currency"]!.GetValue<string>());
        var plain = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var updated = (await _client.PostAsync($"/v1/customers/{plain}", ("balance", "-250"))).AssertOk().Body;
        Assert.Equal((-250L, "usd"), (updated["balance"]!.GetValue<long>(), updated["currency"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Retrieve_update_and_delete_round_trip()
    {
        var id = (await _client.PostAsync("/v1/customers", ("email", "a@example.com"))).AssertOk().Id;

        var got = (await _client.GetAsync($"/v1/customers/{id}")).AssertOk();
        Assert.Equal("a@example.com", got.Body["email"]!.GetValue<string>());

        var updated = (await _client.PostAsync($"/v1/customers/{id}", ("email", "b@example.com"), ("shipping[name]", "Bob"),
            ("shipping[address][line1]", "1 Main St"))).AssertOk();
        Assert.Equal("b@example.com", updated.Body["email"]!.GetValue<string>());
        Assert.Equal("Bob", updated.Body["shipping"]!["name"]!.GetValue<string>());
        Assert.Equal("1 Main St", updated.Body["shipping"]!["address"]!["line1"]!.GetValue<string>());

        var deleted = (await _client.DeleteAsync($"/v1/customers/{id}")).AssertOk();
        Assert.Equal($$"""{"id":"{{id}}","object":"customer","deleted":true}""", deleted.Raw);

        // "Deleted customers can still be retrieved through the API": the deleted stub, even with expand[].
        Assert.Equal(deleted.Raw, (await _client.GetAsync($"/v1/customers/{id}")).AssertOk().Raw);
        Assert.Equal(deleted.Raw, (await _client.GetAsync($"/v1/customers/{id}", ("expand[]", "test_clock"))).AssertOk().Raw);
        (await _client.PostAsync($"/v1/customers/{id}", ("name", "x"))).AssertError(HttpStatusCode.NotFound, "resource_missing");
        (await _client.DeleteAsync($"/v1/customers/{id}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
    }

    [Fact]
    public async Task Unknown_customer_is_resource_missing_with_stripe_message()
    {
        var r = (await _client.GetAsync("/v1/customers/cus_nope")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        Assert.Equal("No such customer: 'cus_nope'", r.ErrorMessage);
        Assert.Equal("invalid_request_error", r.Error["type"]!.GetValue<string>());
        Assert.Equal("https://stripe.com/docs/error-codes/resource-missing", r.Error["doc_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Empty_string_unsets_where_the_spec_allows_it()
    {
        var id = (await _client.PostAsync("/v1/customers", ("address[city]", "Oslo"), ("business_name", "Acme"))).AssertOk().Id;
        var r = (await _client.PostAsync($"/v1/customers/{id}", ("address", ""), ("business_name", ""))).AssertOk().Body;
        Assert.Null(r["address"]);
        Assert.False(r.ContainsKey("business_name"));
    }

    [Fact]
    public async Task Objects_this_server_does_not_hold_are_missing_on_their_param()
    {
        var r = (await _client.PostAsync("/v1/customers", ("payment_method", "pm_123"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "payment_method");
        Assert.Equal("No such PaymentMethod: 'pm_123'", r.ErrorMessage);
        (await _client.PostAsync("/v1/customers", ("invoice_settings[default_payment_method]", "pm_1")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice_settings[default_payment_method]");
        (await _client.PostAsync("/v1/customers", ("test_clock", "clock_1"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "test_clock");
    }

    [Fact]
    public async Task List_filters_by_email_and_expands_inside_data()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        await _client.PostAsync("/v1/customers", ("email", email));
        await _client.PostAsync("/v1/customers", ("email", "other@example.com"));
        var list = (await _client.GetAsync("/v1/customers", ("email", email), ("expand[]", "data.test_clock"))).AssertOk().Body;
        Assert.Equal("list", list["object"]!.GetValue<string>());
        Assert.Equal("/v1/customers", list["url"]!.GetValue<string>());
        var data = list["data"]!.AsArray();
        Assert.Single(data);
        Assert.Equal(email, data[0]!["email"]!.GetValue<string>());

        (await _client.GetAsync("/v1/customers", ("expand[]", "test_clock"))).AssertCannotExpand();
        var r = (await _client.GetAsync("/v1/customers", ("expand[]", "data.email"))).AssertCannotExpand();
        Assert.Equal("This property cannot be expanded (data.email).", r.ErrorMessage);
    }
}
