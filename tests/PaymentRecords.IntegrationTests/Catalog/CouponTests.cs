using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Catalog;

/// <summary>/v1/coupons: create, retrieve, update, delete, list, their events and refusals (docs/endpoints-coupons.md).</summary>
[Collection(ServerCollection.Name)]
public sealed class CouponTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task A_percent_off_coupon_renders_every_field_in_Stripes_order_and_emits_coupon_created()
    {
        var c = (await _client.PostAsync("/v1/coupons", ("percent_off", "25.5"), ("duration", "repeating"), ("duration_in_months", "3"),
            ("name", "Spring sale"), ("max_redemptions", "20"), ("metadata[campaign]", "spring"))).AssertOk();
        var b = c.Body;
        Assert.Matches("^[0-9A-Z]{8}$", c.Id);
        Assert.Equal(["id", "object", "amount_off", "created", "currency", "duration", "duration_in_months", "livemode", "max_redemptions",
            "metadata", "name", "percent_off", "redeem_by", "times_redeemed", "valid"], b.Select(kv => kv.Key));
        Assert.Equal("coupon", b["object"]!.GetValue<string>());
        Assert.Null(b["amount_off"]);
        Assert.Null(b["currency"]);
        Assert.Equal("repeating", b["duration"]!.GetValue<string>());
        Assert.Equal(3, b["duration_in_months"]!.GetValue<int>());
        Assert.Equal(20, b["max_redemptions"]!.GetValue<long>());
        Assert.Equal("spring", b["metadata"]!["campaign"]!.GetValue<string>());
        Assert.Equal("Spring sale", b["name"]!.GetValue<string>());
        Assert.Contains("\"percent_off\":25.5,", c.Raw);
        Assert.Equal(0, b["times_redeemed"]!.GetValue<long>());
        Assert.True(b["valid"]!.GetValue<bool>());
        var events = (await _client.GetAsync("/v1/events", ("type", "coupon.created"))).AssertOk().Body["data"]!.AsArray();
        Assert.Single(events);
        Assert.True(JsonNode.DeepEquals(b, events[0]!["data"]!["object"]));
    }

    [Fact]
    public async Task An_amount_off_coupon_takes_its_currency_and_defaults_to_once_and_a_whole_percent_reads_as_a_float()
    {
        var amount = (await _client.PostAsync("/v1/coupons", ("id", "TENOFF"), ("amount_off", "1000"), ("currency", "USD"))).AssertOk().Body;
        Assert.Equal("TENOFF", amount["id"]!.GetValue<string>());
        Assert.Equal(1000, amount["amount_off"]!.GetValue<long>());
        Assert.Equal("usd", amount["currency"]!.GetValue<string>());
        Assert.Equal("once", amount["duration"]!.GetValue<string>());
        Assert.Null(amount["duration_in_months"]);
        Assert.Null(amount["percent_off"]);
        var whole = await _client.PostAsync("/v1/coupons", ("percent_off", "50"), ("duration", "forever"));
        Assert.Contains("\"percent_off\":50.0,", whole.AssertOk().Raw);
    }

    [Fact]
    public async Task Retrieve_expands_applies_to_and_currency_options_only_when_asked()
    {
        var product = (await _client.PostAsync("/v1/products", ("name", "Seat"))).AssertOk().Id;
        var id = (await _client.PostAsync("/v1/coupons", ("amount_off", "500"), ("currency", "eur"), ("applies_to[products][0]", product))).AssertOk().Id;
        var plain = (await _client.GetAsync($"/v1/coupons/{id}")).AssertOk().Body;
        Assert.False(plain.ContainsKey("applies_to"));
        Assert.False(plain.ContainsKey("currency_options"));
        var expanded = (await _client.GetAsync($"/v1/coupons/{id}", ("expand[]", "applies_to"), ("expand[]", "currency_options"))).AssertOk().Body;
        Assert.Equal(product, expanded["applies_to"]!["products"]![0]!.GetValue<string>());
        Assert.Equal(500, expanded["currency_options"]!["eur"]!["amount_off"]!.GetValue<long>());
        (await _client.PostAsync("/v1/coupons", ("percent_off", "5"), ("applies_to[products][0]", "prod_missing")))
            .AssertError(HttpStatusCode.BadRequest, "resource_missing", "applies_to[products][0]");
    }

    [Fact]
    public async Task Update_changes_name_and_metadata_only_and_emits_coupon_updated_with_previous_attributes()
    {
        var id = (await _client.PostAsync("/v1/coupons", ("percent_off", "10"), ("name", "Old"), ("metadata[k]", "v"))).AssertOk().Id;
        var updated = (await _client.PostAsync($"/v1/coupons/{id}", ("name", "New"), ("metadata[k]", ""))).AssertOk().Body;
        Assert.Equal("New", updated["name"]!.GetValue<string>());
        Assert.Empty(updated["metadata"]!.AsObject());
        var evt = (await _client.GetAsync("/v1/events", ("type", "coupon.updated"))).AssertOk().Body["data"]![0]!;
        Assert.Equal("Old", evt["data"]!["previous_attributes"]!["name"]!.GetValue<string>());
        Assert.Equal("v", evt["data"]!["previous_attributes"]!["metadata"]!["k"]!.GetValue<string>());
        (await _client.PostAsync($"/v1/coupons/{id}", ("percent_off", "20"))).AssertError(HttpStatusCode.BadRequest, "parameter_unknown", "percent_off");
        (await _client.PostAsync($"/v1/coupons/{id}", ("name", new string('n', 41)))).AssertError(HttpStatusCode.BadRequest, param: "name");
        // Nothing changed: no event.
        (await _client.PostAsync($"/v1/coupons/{id}", ("name", "New"))).AssertOk();
        Assert.Single((await _client.GetAsync("/v1/events", ("type", "coupon.updated"))).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Delete_answers_the_deleted_stub_emits_coupon_deleted_not_valid_and_frees_the_id()
    {
        (await _client.PostAsync("/v1/coupons", ("id", "GONE"), ("percent_off", "10"))).AssertOk();
        var deleted = (await _client.DeleteAsync("/v1/coupons/GONE")).AssertOk().Body;
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["id"] = "GONE", ["object"] = "coupon", ["deleted"] = true }, deleted));
        var evt = (await _client.GetAsync("/v1/events", ("type", "coupon.deleted"))).AssertOk().Body["data"]![0]!["data"]!["object"]!;
        Assert.Equal("GONE", evt["id"]!.GetValue<string>());
        Assert.False(evt["valid"]!.GetValue<bool>());
        var missing = (await _client.GetAsync("/v1/coupons/GONE")).AssertError(HttpStatusCode.NotFound, "resource_missing", "coupon");
        Assert.Equal("No such coupon: 'GONE'", missing.ErrorMessage);
        (await _client.DeleteAsync("/v1/coupons/GONE")).AssertError(HttpStatusCode.NotFound, "resource_missing", "coupon");
        (await _client.PostAsync("/v1/coupons", ("id", "GONE"), ("amount_off", "100"), ("currency", "usd"))).AssertOk();
    }

    [Fact]
    public async Task A_taken_id_is_refused_as_Stripe_does_and_another_account_may_use_it()
    {
        (await _client.PostAsync("/v1/coupons", ("id", "TAKEN"), ("percent_off", "10"))).AssertOk();
        var refused = (await _client.PostAsync("/v1/coupons", ("id", "TAKEN"), ("percent_off", "20"))).AssertError(HttpStatusCode.BadRequest, "resource_already_exists");
        Assert.Equal("Coupon already exists.", refused.ErrorMessage);
        Assert.Null(refused.ErrorParam);
        (await fixture.Client().PostAsync("/v1/coupons", ("id", "TAKEN"), ("percent_off", "20"))).AssertOk();
        (await fixture.Client().GetAsync("/v1/coupons/TAKEN")).AssertError(HttpStatusCode.NotFound, "resource_missing", "coupon");
    }

    [Fact]
    public async Task Concurrent_creates_of_one_id_make_one_coupon_and_refuse_the_others()
    {
        var id = "RACE" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _client.PostAsync("/v1/coupons", ("id", id), ("percent_off", (i + 1).ToString()))));
        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => Assert.Equal("resource_already_exists", a.ErrorCode));
        Assert.Single((await _client.GetAsync("/v1/events", ("type", "coupon.created"), ("limit", "100"))).AssertOk().Body["data"]!.AsArray(),
            e => e!["data"]!["object"]!["id"]!.GetValue<string>() == id);
    }

    [Theory]
    [InlineData(new[] { "duration", "once" }, "Must provide percent_off or amount_off.", null, "parameter_missing")]
    [InlineData(new[] { "percent_off", "10", "amount_off", "100", "currency", "usd" }, "Received both percent_off and amount_off parameters. Please pass in only one.", null, null)]
    [InlineData(new[] { "amount_off", "100" }, "You must pass currency when passing amount_off", "currency", null)]
    [InlineData(new[] { "percent_off", "10", "duration", "repeating" }, "The duration_in_months param must be set when creating a coupon with a repeating duration", "duration", null)]
    [InlineData(new[] { "percent_off", "0" }, "This value must be greater than or equal to 0.01 (it currently is '0.0').", "percent_off", null)]
    [InlineData(new[] { "percent_off", "100.5" }, "This value must be less than or equal to 100 (it currently is '100.5').", "percent_off", null)]
    [InlineData(new[] { "amount_off", "0", "currency", "usd" }, "This value must be greater than or equal to 1.", "amount_off", "amount_too_small")]
    [InlineData(new[] { "percent_off", "10", "duration", "repeating", "duration_in_months", "0" }, "This value must be greater than or equal to 1.", "duration_in_months", null)]
    [InlineData(new[] { "percent_off", "10", "duration_in_months", "3" }, null, "duration_in_months", null)]
    [InlineData(new[] { "percent_off", "10", "max_redemptions", "0" }, "This value must be greater than or equal to 1.", "max_redemptions", null)]
    [InlineData(new[] { "percent_off", "10", "redeem_by", "1000" }, "The parameter `redeem_by` expects a unix timestamp representing a date and time in the future. You specified the value `1000` which is in the past.", "redeem_by", null)]
    [InlineData(new[] { "percent_off", "10", "currency_options[eur][amount_off]", "100" }, "You may only specify one of these parameters: currency_options, percent_off.", "currency_options", "parameters_exclusive")]
    [InlineData(new[] { "amount_off", "100", "currency", "xyz" }, null, "currency", null)]
    [InlineData(new[] { "percent_off", "ten" }, "Invalid decimal: ten", "percent_off", null)]
    public async Task Refusals_carry_Stripes_messages_and_write_nothing(string[] form, string? message, string? param, string? code)
    {
        var client = fixture.Client();
        var pairs = form.Chunk(2).Select(kv => (kv[0], kv[1])).ToArray();
        var refused = (await client.PostAsync("/v1/coupons", pairs)).AssertError(HttpStatusCode.BadRequest);
        if (message is not null) Assert.Equal(message, refused.ErrorMessage);
        Assert.Equal(param, refused.ErrorParam);
        if (code is not null) Assert.Equal(code, refused.ErrorCode);
        Assert.Empty((await client.GetAsync("/v1/coupons")).AssertOk().Body["data"]!.AsArray());
        Assert.Empty((await client.GetAsync("/v1/events")).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task List_pages_newest_first_and_filters_by_created()
    {
        var client = fixture.Client();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await client.PostAsync("/v1/coupons", ("percent_off", "5"))).AssertOk().Id);
        var page = (await client.GetAsync("/v1/coupons", ("limit", "2"))).AssertOk().Body;
        Assert.Equal("/v1/coupons", page["url"]!.GetValue<string>());
        Assert.True(page["has_more"]!.GetValue<bool>());
        Assert.Equal([ids[2], ids[1]], page["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        var next = (await client.GetAsync("/v1/coupons", ("starting_after", ids[1]))).AssertOk().Body;
        Assert.Equal([ids[0]], next["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        var created = (await client.GetAsync($"/v1/coupons/{ids[0]}")).AssertOk().Body["created"]!.GetValue<long>();
        Assert.Empty((await client.GetAsync("/v1/coupons", ("created[gt]", (created + 3600).ToString()))).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task A_coupon_past_its_redeem_by_is_not_valid_and_an_unknown_coupon_is_Stripes_404()
    {
        var soon = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2;
        var id = (await _client.PostAsync("/v1/coupons", ("percent_off", "10"), ("redeem_by", soon.ToString()))).AssertOk().Id;
        Assert.True((await _client.GetAsync($"/v1/coupons/{id}")).AssertOk().Body["valid"]!.GetValue<bool>());
        await Task.Delay(TimeSpan.FromSeconds(soon + 1 - DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        Assert.False((await _client.GetAsync($"/v1/coupons/{id}")).AssertOk().Body["valid"]!.GetValue<bool>());

        var customer = (await _client.PostAsync("/v1/customers", ("email", "c@example.com"))).AssertOk().Id;
        (await _client.PostAsync("/v1/invoices", ("customer", customer), ("discounts[0][coupon]", id)))
            .AssertError(HttpStatusCode.BadRequest, "coupon_expired", "discounts[0][coupon]");
        (await _client.PostAsync("/v1/invoices", ("customer", customer), ("discounts[0][coupon]", "NOPE")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "discounts[0][coupon]");
        Assert.Empty((await _client.GetAsync("/v1/invoices", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
    }
}
