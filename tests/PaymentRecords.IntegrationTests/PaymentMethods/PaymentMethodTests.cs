using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.PaymentMethods;

[Collection(ServerCollection.Name)]
public sealed class PaymentMethodTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    internal static (string, string)[] Custom(params (string, string)[] extra) =>
        [("type", "custom"), ("custom[type]", "cpmt_1RxWire"), .. extra];

    [Fact]
    public async Task Custom_payment_method_renders_as_stripe_does()
    {
        var pm = (await _client.PostAsync("/v1/payment_methods", Custom(("billing_details[name]", "Ada"), ("billing_details[address][country]", "FR"),
            ("metadata[k]", "v")))).AssertOk();
        var b = pm.Body;
        Assert.StartsWith("pm_", pm.Id);
        Assert.Equal("payment_method", b["object"]!.GetValue<string>());
        Assert.Equal("custom", b["type"]!.GetValue<string>());
        Assert.Equal("cpmt_1RxWire", b["custom"]!["type"]!.GetValue<string>());
        Assert.True(b["custom"]!.AsObject().ContainsKey("display_name"));
        Assert.Null(b["custom"]!["display_name"]);
        Assert.Null(b["custom"]!["logo"]);
        Assert.Equal("Ada", b["billing_details"]!["name"]!.GetValue<string>());
        Assert.Equal("FR", b["billing_details"]!["address"]!["country"]!.GetValue<string>());
        Assert.Null(b["billing_details"]!["address"]!["line1"]);
        Assert.Null(b["customer"]);
        Assert.Equal("unspecified", b["allow_redisplay"]!.GetValue<string>());
        Assert.Equal("v", b["metadata"]!["k"]!.GetValue<string>());
        Assert.Equal(pm.Raw, (await _client.GetAsync($"/v1/payment_methods/{pm.Id}")).AssertOk().Raw);
    }

    /// <summary>Recorded against Stripe: a customer named by a parameter is a 400, the one in the path a 404 on id.</summary>
    [Fact]
    public async Task Unknown_customers_answer_as_stripe_does()
    {
        var pm = (await _client.PostAsync("/v1/payment_methods", Custom())).AssertOk().Id;
        var attach = (await _client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", "cus_nope")))
            .AssertError(HttpStatusCode.BadRequest, "resource_missing", "customer");
        Assert.Equal("No such customer: 'cus_nope'", attach.ErrorMessage);
        var deleted = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        (await _client.DeleteAsync($"/v1/customers/{deleted}")).AssertOk();
        (await _client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", deleted))).AssertError(HttpStatusCode.BadRequest, "resource_missing", "customer");
        Assert.Null((await _client.GetAsync($"/v1/payment_methods/{pm}")).AssertOk().Body["customer"]);
        (await _client.GetAsync("/v1/payment_methods", ("customer", "cus_nope"))).AssertError(HttpStatusCode.BadRequest, "resource_missing", "customer");
        (await _client.GetAsync("/v1/customers/cus_nope/payment_methods")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        (await _client.PostAsync("/v1/payment_methods", Custom(("customer", customer)))).AssertRefusedWithoutCode(
            "You cannot attach a PaymentMethod to a Customer during PaymentMethod creation. Please instead create the PaymentMethod and then attach it using the attachment method of the PaymentMethods API.");
    }

    [Fact]
    public async Task Other_types_and_malformed_custom_types_are_refused()
    {
        var card = (await _client.PostAsync("/v1/payment_methods", ("type", "card"))).AssertError(HttpStatusCode.BadRequest, param: "type");
        Assert.Contains("custom", card.ErrorMessage);
        (await _client.PostAsync("/v1/payment_methods", ("type", "custom"))).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "custom");
        (await _client.PostAsync("/v1/payment_methods", ("type", "custom"), ("custom[type]", "wire"))).AssertError(HttpStatusCode.BadRequest, param: "custom[type]");
        (await _client.PostAsync("/v1/payment_methods", ("custom[type]", "cpmt_x"))).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "type");
        var missing = (await _client.GetAsync("/v1/payment_methods/pm_nope")).AssertError(HttpStatusCode.NotFound, "resource_missing", "payment_method");
        Assert.Equal("No such PaymentMethod: 'pm_nope'", missing.ErrorMessage);
        // "A PaymentMethod must be attached to a customer to be updated."
        var loose = (await _client.PostAsync("/v1/payment_methods", Custom())).AssertOk().Id;
        var notSaved = (await _client.PostAsync($"/v1/payment_methods/{loose}", ("billing_details[name]", "Ada"))).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal(("You must save this PaymentMethod to a customer before you can update it.", "invalid_request_error"),
            (notSaved.ErrorMessage, notSaved.Body["error"]!["type"]!.GetValue<string>()));
        Assert.Null((await _client.GetAsync($"/v1/payment_methods/{loose}")).AssertOk().Body["billing_details"]!["name"]);
    }

    [Fact]
    public async Task Attach_default_detach_round_trip_with_events()
    {
        var customer = (await _client.PostAsync("/v1/customers", ("email", "a@example.com"))).AssertOk().Id;
        var pm = (await _client.PostAsync("/v1/payment_methods", Custom())).AssertOk().Id;

        (await _client.PostAsync($"/v1/customers/{customer}", ("invoice_settings[default_payment_method]", pm)))
            .AssertError(HttpStatusCode.BadRequest, param: "invoice_settings[default_payment_method]");
        var attached = (await _client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", customer))).AssertOk().Body;
        Assert.Equal(customer, attached["customer"]!.GetValue<string>());
        var other = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        (await _client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", other))).AssertError(HttpStatusCode.BadRequest);

        var withDefault = (await _client.PostAsync($"/v1/customers/{customer}", ("invoice_settings[default_payment_method]", pm),
            ("expand[]", "invoice_settings.default_payment_method"))).AssertOk().Body;
        Assert.Equal(pm, withDefault["invoice_settings"]!["default_payment_method"]!["id"]!.GetValue<string>());

        var listed = (await _client.GetAsync($"/v1/customers/{customer}/payment_methods", ("type", "custom"))).AssertOk().Body;
        Assert.Equal(pm, Assert.Single(listed["data"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal($"/v1/customers/{customer}/payment_methods", listed["url"]!.GetValue<string>());
        (await _client.GetAsync($"/v1/customers/{customer}/payment_methods/{pm}")).AssertOk();
        (await _client.GetAsync($"/v1/customers/{other}/payment_methods/{pm}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
        // GET /v1/payment_methods: "Unfiltered, the list returns all payment method types except custom"; the customer's list has them all.
        Assert.Empty((await _client.GetAsync("/v1/payment_methods", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
        Assert.Single((await _client.GetAsync("/v1/payment_methods", ("customer", customer), ("type", "custom"))).AssertOk().Body["data"]!.AsArray());
        Assert.Single((await _client.GetAsync($"/v1/customers/{customer}/payment_methods")).AssertOk().Body["data"]!.AsArray());

        var updated = (await _client.PostAsync($"/v1/payment_methods/{pm}", ("billing_details[email]", "b@example.com"), ("metadata[x]", "y"))).AssertOk().Body;
        Assert.Equal("b@example.com", updated["billing_details"]!["email"]!.GetValue<string>());

        var detached = (await _client.PostAsync($"/v1/payment_methods/{pm}/detach")).AssertOk().Body;
        Assert.Null(detached["customer"]);
        Assert.Null((await _client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["invoice_settings"]!["default_payment_method"]);
        var notSaved = (await _client.PostAsync($"/v1/payment_methods/{pm}", ("metadata[x]", "z"))).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("You must save this PaymentMethod to a customer before you can update it.", notSaved.ErrorMessage);
        Assert.Equal("y", (await _client.GetAsync($"/v1/payment_methods/{pm}")).AssertOk().Body["metadata"]!["x"]!.GetValue<string>());
        var again = (await _client.PostAsync($"/v1/payment_methods/{pm}/detach")).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("The payment method you provided is not attached to a customer so detachment is impossible.", again.ErrorMessage);
        (await _client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", customer))).AssertError(HttpStatusCode.BadRequest);

        foreach (var type in new[] { "payment_method.attached", "payment_method.updated", "payment_method.detached" })
            Assert.Single((await _client.GetAsync("/v1/events", ("type", type))).AssertOk().Body["data"]!.AsArray());
        // Recorded against Stripe: the detached event names the customer it left.
        var detachedEvent = (await _client.GetAsync("/v1/events", ("type", "payment_method.detached"))).AssertOk().Body["data"]![0]!["data"]!;
        Assert.Equal($$"""{"customer":"{{customer}}"}""", detachedEvent["previous_attributes"]!.ToJsonString());
        Assert.Null(detachedEvent["object"]!["customer"]);
    }

    [Fact]
    public async Task Customer_create_attaches_payment_method_and_sets_default()
    {
        var pm = (await _client.PostAsync("/v1/payment_methods", Custom())).AssertOk().Id;
        var customer = (await _client.PostAsync("/v1/customers", ("payment_method", pm), ("invoice_settings[default_payment_method]", pm))).AssertOk().Body;
        Assert.Equal(pm, customer["invoice_settings"]!["default_payment_method"]!.GetValue<string>());
        Assert.Equal(customer["id"]!.GetValue<string>(), (await _client.GetAsync($"/v1/payment_methods/{pm}")).AssertOk().Body["customer"]!.GetValue<string>());
        (await _client.PostAsync("/v1/customers", ("payment_method", "pm_nope"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "payment_method");
    }
}
