using PaymentRecords.IntegrationTests.CreditNotes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.PaymentRecords;
using PaymentRecords.IntegrationTests.Subscriptions;
using Xunit.Abstractions;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>
/// Database round trips of the detail pages beside the invoice page (counted by the server, as in DashboardRoundTripTests):
/// each costs the same for one related object as for several (no N+1).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardPageRoundTripTests(ServerFixture fixture, ITestOutputHelper output)
{
    private async Task<long> TripsAsync(DashboardClient browser, string path) =>
        (await browser.GetCountingTripsAsync(fixture.Server.RoundTrips, path, output)).Trips;

    private async Task<DashboardClient> SignedInAsync(StripeTestClient client)
    {
        var browser = new DashboardClient(fixture.Server.BaseAddress);
        await browser.LogInAsync(client.ApiKey);
        return browser;
    }

    /// <summary>Warm-up then the two pages; returns their costs.</summary>
    private async Task<(long One, long Many)> CompareAsync(DashboardClient browser, string one, string many)
    {
        await TripsAsync(browser, one); // warm-up: what a fresh server runs once is over
        return (await TripsAsync(browser, one), await TripsAsync(browser, many));
    }

    [Fact]
    public async Task Payment_record_page_costs_the_same_for_one_attempt_as_for_several_attempts_and_refunds()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (_, _, single) = await kit.PaidByRecordAsync(1000, refunded: null, refundGroup: null);
        var (customer, invoice) = await kit.OpenInvoiceAsync(3000);
        var several = (await Reports.ReportAsync(kit.Client, Reports.Payment(3000, "usd", ("customer_details[customer]", customer)))).Id;
        (await Reports.OutcomeAsync(kit.Client, several, "failed")).AssertOk();
        (await kit.Client.PostAsync($"/v1/payment_records/{several}/report_payment_attempt", ("initiated_at", "1730000200"))).AssertOk();
        (await Reports.OutcomeAsync(kit.Client, several, "canceled")).AssertOk();
        (await kit.Client.PostAsync($"/v1/payment_records/{several}/report_payment_attempt", ("initiated_at", "1730000300"))).AssertOk();
        (await Reports.OutcomeAsync(kit.Client, several, "guaranteed")).AssertOk();
        await kit.AttachAsync(invoice, several);
        for (var i = 0; i < 3; i++) await kit.ReportRefundAsync(several, $"rt-page-{several}-{i}", 100);

        using var browser = await SignedInAsync(kit.Client);
        var (one, many) = await CompareAsync(browser, $"/dashboard/payment_records/{single}", $"/dashboard/payment_records/{several}");
        Assert.Equal(one, many);
        Assert.InRange(many, 1, 4); // the record, its attempts with their refunds, its invoice payments
    }

    [Fact]
    public async Task Subscription_page_costs_the_same_for_one_item_and_event_as_for_several()
    {
        var kit = new SubscriptionKit(fixture.Client());
        var price = await kit.PriceAsync(1000);
        var (customer, _) = await kit.CustomerAsync();
        var single = SubscriptionKit.Str((await kit.CreateAsync(customer, price)).AssertOk().Body["id"]);
        var several = SubscriptionKit.Str((await kit.CreateAsync(customer, price, ("items[1][price]", await kit.PriceAsync(500)),
            ("items[2][price]", await kit.PriceAsync(700)))).AssertOk().Body["id"]);
        for (var i = 0; i < 3; i++) (await kit.Client.PostAsync($"/v1/subscriptions/{several}", ("metadata[step]", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).AssertOk();

        using var browser = await SignedInAsync(kit.Client);
        var (one, many) = await CompareAsync(browser, $"/dashboard/subscriptions/{single}", $"/dashboard/subscriptions/{several}");
        Assert.Equal(one, many);
        Assert.InRange(many, 1, 7); // the subscription (items, prices), its invoices (and their lines), its events
    }

    [Fact]
    public async Task Customer_page_costs_the_same_for_one_invoice_and_record_as_for_several()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (single, _, _) = await kit.PaidByRecordAsync(1000, refunded: null, refundGroup: null);
        var (several, _) = await kit.OpenInvoiceAsync(100);
        for (var i = 0; i < 3; i++)
        {
            var invoice = await kit.Invoices.DraftAsync(several);
            await kit.Invoices.ItemAsync(several, invoice, ("amount", "500"), ("currency", "usd"));
            await kit.Invoices.FinalizeAsync(invoice);
            var record = (await Reports.ReportAsync(kit.Client, Reports.Guaranteed(500, ("customer_details[customer]", several)))).Id;
            await kit.AttachAsync(invoice, record);
        }

        using var browser = await SignedInAsync(kit.Client);
        var (one, many) = await CompareAsync(browser, $"/dashboard/customers/{single}", $"/dashboard/customers/{several}");
        Assert.Equal(one, many);
        Assert.InRange(many, 1, 7); // the customer, its invoices (and lines), its subscriptions, its payment records
    }

    [Fact]
    public async Task Credit_note_page_costs_the_same_for_one_line_and_refund_as_for_several()
    {
        var kit = new CreditNoteKit(fixture.Client());
        var (_, small, record) = await kit.PaidByRecordAsync(1000, refunded: 300, refundGroup: "rt-note-1");
        var one = (await kit.IssueAsync([("invoice", small), .. CreditNoteKit.Cite(0, record, "rt-note-1")]))["id"]!.GetValue<string>();
        var customer = await kit.Invoices.CustomerAsync();
        var large = await kit.Invoices.DraftAsync(customer);
        foreach (var amount in new[] { "700", "700", "700" }) await kit.Invoices.ItemAsync(customer, large, ("amount", amount), ("currency", "usd"));
        await kit.Invoices.FinalizeAsync(large);
        var records = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = (await Reports.ReportAsync(kit.Client, Reports.Guaranteed(700, ("customer_details[customer]", customer)))).Id;
            await kit.AttachAsync(large, id);
            await kit.ReportRefundAsync(id, $"rt-note-many-{id}", 200);
            records.Add(id);
        }
        var invoiceLines = (await kit.Invoices.GetAsync(large))["lines"]!["data"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()).ToList();
        var form = new List<(string, string)> { ("invoice", large) };
        for (var i = 0; i < invoiceLines.Count; i++)
            form.AddRange([($"lines[{i}][type]", "invoice_line_item"), ($"lines[{i}][invoice_line_item]", invoiceLines[i]), ($"lines[{i}][amount]", "200")]);
        for (var i = 0; i < records.Count; i++) form.AddRange(CreditNoteKit.Cite(i, records[i], $"rt-note-many-{records[i]}"));
        var many = (await kit.IssueAsync([.. form]))["id"]!.GetValue<string>();

        using var browser = await SignedInAsync(kit.Client);
        var (oneTrips, manyTrips) = await CompareAsync(browser, $"/dashboard/credit_notes/{one}", $"/dashboard/credit_notes/{many}");
        Assert.Equal(oneTrips, manyTrips);
        Assert.InRange(manyTrips, 1, 3); // the note, its lines, its refunds
    }

    [Fact]
    public async Task Webhook_endpoint_page_costs_the_same_for_one_enabled_event_as_for_several()
    {
        var client = fixture.Client();
        var one = (await client.PostAsync("/v1/webhook_endpoints", ("url", "http://127.0.0.1:9/one"), ("enabled_events[]", "invoice.paid"))).AssertOk().Id;
        var many = (await client.PostAsync("/v1/webhook_endpoints", ("url", "http://127.0.0.1:9/many"), ("enabled_events[]", "invoice.paid"),
            ("enabled_events[]", "invoice.created"), ("enabled_events[]", "customer.created"), ("metadata[a]", "1"), ("metadata[b]", "2"))).AssertOk().Id;

        using var browser = await SignedInAsync(client);
        var (oneTrips, manyTrips) = await CompareAsync(browser, $"/dashboard/webhook_endpoints/{one}", $"/dashboard/webhook_endpoints/{many}");
        Assert.Equal(oneTrips, manyTrips);
        Assert.InRange(manyTrips, 1, 1);
    }
}
