using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.PaymentMethods;

/// <summary>invoice.payment_attempt_required when the customer's default payment method is a custom one.</summary>
[Collection(ServerCollection.Name)]
public sealed class PaymentAttemptRequiredTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    private async Task<string> FinalizedInvoiceAsync(string customer)
    {
        var draft = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
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
}
