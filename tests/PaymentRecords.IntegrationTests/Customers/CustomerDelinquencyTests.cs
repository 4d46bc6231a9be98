using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.InvoicePayments;
using PaymentRecords.IntegrationTests.TestClocks;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.Customers;

/// <summary>
/// <c>customer.delinquent</c> as Stripe words it: "An automatic payment failure or passing the invoice.due_date will set
/// this field to true. Paying an invoice or marking it uncollectible via the API will set this field to false."
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CustomerDelinquencyTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_failed_payment_makes_the_customer_delinquent_and_paying_the_invoice_clears_it_with_customer_updated()
    {
        var kit = new PaymentKit(fixture.Client());
        var (customer, invoice) = await kit.Invoices.OpenInvoiceAsync(1000);
        Assert.False(await DelinquentAsync(kit.Client, customer));

        // The guide's handler: report the failed payment, then attach it (invoice.payment_failed).
        var failed = await kit.RecordAsync(1000, guaranteed: false);
        (await kit.OutcomeAsync(failed, "failed")).AssertOk();
        (await kit.AttachAsync(invoice, failed)).AssertOk();
        Assert.True(await DelinquentAsync(kit.Client, customer));
        var updated = (await kit.Invoices.EventsAsync("customer.updated")).Last();
        Assert.Equal("""{"delinquent":false}""", updated["data"]!["previous_attributes"]!.ToJsonString());
        Assert.True(updated["data"]!["object"]!["delinquent"]!.GetValue<bool>());

        (await kit.AttachAsync(invoice, await kit.RecordAsync(1000))).AssertOk();
        Assert.False(await DelinquentAsync(kit.Client, customer));
        Assert.Equal("""{"delinquent":true}""", (await kit.Invoices.EventsAsync("customer.updated")).Last()["data"]!["previous_attributes"]!.ToJsonString());
    }

    [Fact]
    public async Task Pay_out_of_band_and_mark_uncollectible_clear_it()
    {
        var kit = new PaymentKit(fixture.Client());
        foreach (var action in new[] { "pay", "mark_uncollectible" })
        {
            var (customer, invoice) = await kit.Invoices.OpenInvoiceAsync(500);
            var failed = await kit.RecordAsync(500, guaranteed: false);
            (await kit.AttachAsync(invoice, failed)).AssertOk();
            (await kit.OutcomeAsync(failed, "failed")).AssertOk();
            Assert.True(await DelinquentAsync(kit.Client, customer));
            (await kit.Invoices.ActionAsync(invoice, action, action == "pay" ? [("paid_out_of_band", "true")] : [])).AssertOk();
            Assert.False(await DelinquentAsync(kit.Client, customer));
        }
    }

    [Fact]
    public async Task Passing_a_send_invoice_due_date_makes_the_customer_delinquent()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var (customer, _) = await kit.CustomerAsync(clock);
        var invoice = (await kit.Client.PostAsync("/v1/invoices", ("customer", customer), ("collection_method", "send_invoice"),
            ("days_until_due", "5"))).AssertOk().Id;
        (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", invoice), ("amount", "700"), ("currency", "usd"))).AssertOk();
        (await kit.Client.PostAsync($"/v1/invoices/{invoice}/finalize")).AssertOk();

        await kit.AdvanceAsync(clock, Jan31.AddDays(4));
        Assert.False(await DelinquentAsync(kit.Client, customer));
        await kit.AdvanceAsync(clock, Jan31.AddDays(6));
        Assert.True(await DelinquentAsync(kit.Client, customer));
        (await kit.Client.PostAsync($"/v1/invoices/{invoice}/pay", ("paid_out_of_band", "true"))).AssertOk();
        Assert.False(await DelinquentAsync(kit.Client, customer));
    }

    private static async Task<bool> DelinquentAsync(StripeTestClient client, string customer) =>
        (await client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["delinquent"]!.GetValue<bool>();
}
