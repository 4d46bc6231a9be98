using System.Net;
using PaymentRecords.IntegrationTests.Contract;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.PaymentMethods;

/// <summary>
/// invoice.payment_attempt_required when the invoice's own default payment method, else the customer's, is a custom
/// one; invoice.default_payment_method set, rendered, expanded and refused.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PaymentAttemptRequiredTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private async Task<string> FinalizedInvoiceAsync(string customer, params (string, string)[] invoiceParams)
    {
        var draft = (await _client.PostAsync("/v1/invoices", [("customer", customer), .. invoiceParams])).AssertOk().Id;
        (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", draft), ("amount", "1000"), ("currency", "usd"))).AssertOk();
        // auto_advance on: with it off Stripe sends no invoice.payment_attempt_required (docs/webhooks.md).
        return (await _client.PostAsync($"/v1/invoices/{draft}/finalize", ("auto_advance", "true"))).AssertOk().Id;
    }

    private async Task<List<string>> RequiredForAsync() =>
        (await _client.GetAsync("/v1/events", ("type", "invoice.payment_attempt_required"))).AssertOk().Body["data"]!.AsArray()
            .Select(e => e!["data"]!["object"]!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_custom_default_payment_method_requires_a_payment_attempt()
    {
        var plain = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var withCustom = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var pm = (await _client.PostAsync("/v1/payment_methods", PaymentMethodTests.Custom())).AssertOk().Id;
        (await _client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", withCustom))).AssertOk();
        (await _client.PostAsync($"/v1/customers/{withCustom}", ("invoice_settings[default_payment_method]", pm))).AssertOk();

        var notRequired = await FinalizedInvoiceAsync(plain);
        var required = await FinalizedInvoiceAsync(withCustom);
        var ids = await RequiredForAsync();
        Assert.Contains(required, ids);
        Assert.DoesNotContain(notRequired, ids);
    }

    private async Task<string> AttachedPaymentMethodAsync(string customer)
    {
        var pm = (await _client.PostAsync("/v1/payment_methods", PaymentMethodTests.Custom())).AssertOk().Id;
        (await _client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", customer))).AssertOk();
        return pm;
    }

    [Fact]
    public async Task The_invoice_default_payment_method_requires_a_payment_attempt_without_a_customer_default()
    {
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var pm = await AttachedPaymentMethodAsync(customer);
        var plain = await FinalizedInvoiceAsync(customer);
        var withDefault = await FinalizedInvoiceAsync(customer, ("default_payment_method", pm));
        var ids = await RequiredForAsync();
        Assert.Contains(withDefault, ids);
        Assert.DoesNotContain(plain, ids);
    }

    [Fact]
    public async Task Default_payment_method_is_set_rendered_and_expanded()
    {
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var pm = await AttachedPaymentMethodAsync(customer);
        var bare = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Body;
        Assert.True(bare.ContainsKey("default_payment_method"));
        Assert.Null(bare["default_payment_method"]);

        var created = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("default_payment_method", pm))).AssertOk();
        Assert.Equal(pm, created.Body["default_payment_method"]!.GetValue<string>());
        ContractAssert.Matches("invoice", created.Body);
        var expanded = (await _client.GetAsync($"/v1/invoices/{created.Id}", ("expand[]", "default_payment_method"))).AssertOk().Body;
        Assert.Equal(pm, expanded["default_payment_method"]!["id"]!.GetValue<string>());
        Assert.Equal("custom", expanded["default_payment_method"]!["type"]!.GetValue<string>());
        ContractAssert.Matches("invoice", expanded);

        // The spec types it as a plain string on update too: "" cannot unset it (Stripe's parameter_invalid_empty).
        (await _client.PostAsync($"/v1/invoices/{created.Id}", ("default_payment_method", "")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_invalid_empty", "default_payment_method");
        var updated = (await _client.PostAsync($"/v1/invoices/{bare["id"]!.GetValue<string>()}", ("default_payment_method", pm),
            ("expand[]", "default_payment_method"))).AssertOk().Body;
        Assert.Equal(pm, updated["default_payment_method"]!["id"]!.GetValue<string>());
        ContractAssert.Matches("invoice", updated);
        var events = (await _client.GetAsync("/v1/events", ("type", "invoice.updated"))).AssertOk().Body["data"]!.AsArray();
        Assert.Contains(events, e => e!["data"]!["previous_attributes"]?.AsObject().ContainsKey("default_payment_method") == true);
    }

    [Fact]
    public async Task Default_payment_method_refusals_are_stripe_shaped()
    {
        var customer = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var other = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        var othersPm = await AttachedPaymentMethodAsync(other);
        var loose = (await _client.PostAsync("/v1/payment_methods", PaymentMethodTests.Custom())).AssertOk().Id;

        var missing = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("default_payment_method", "pm_nope")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "default_payment_method");
        Assert.Equal("No such PaymentMethod: 'pm_nope'", missing.ErrorMessage);
        ContractAssert.Matches("error", missing.Body);
        foreach (var pm in new[] { othersPm, loose })
        {
            var refused = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("default_payment_method", pm)))
                .AssertError(HttpStatusCode.BadRequest, param: "default_payment_method");
            Assert.Contains(pm, refused.ErrorMessage);
        }
        var draft = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        (await _client.PostAsync($"/v1/invoices/{draft}", ("default_payment_method", "pm_nope")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "default_payment_method");
        (await _client.PostAsync($"/v1/invoices/{draft}", ("default_payment_method", othersPm)))
            .AssertError(HttpStatusCode.BadRequest, param: "default_payment_method");
        // Another account's PaymentMethod does not exist here.
        var stranger = fixture.Client();
        var strangerCustomer = (await stranger.PostAsync("/v1/customers")).AssertOk().Id;
        (await stranger.PostAsync("/v1/invoices", ("customer", strangerCustomer), ("default_payment_method", othersPm)))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "default_payment_method");
    }
}
