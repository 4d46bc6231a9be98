using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Subscriptions;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary>
/// A page of invoices with nothing to expand goes from the renderer straight into the response (Rendering/JsonSink.cs,
/// <c>WriterSink</c>); a retrieve still renders a tree and writes it. The page must be those retrieves' bytes exactly,
/// whatever the invoices hold.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class InvoicePageWritingTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_page_written_straight_is_byte_for_byte_the_invoices_retrieved()
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync(("email", "page@example.com"), ("name", "Zoë \"Page\" <Ltd>"),
            ("address[line1]", "1 Rue & Co"), ("address[city]", "Paris"), ("metadata[tier]", "gold"));
        // A draft with its customer live, free-text fields, metadata and a line with metadata.
        var draft = await kit.DraftAsync(customer, ("description", "April é"), ("footer", "Thanks"), ("statement_descriptor", "ACME"),
            ("custom_fields[0][name]", "PO"), ("custom_fields[0][value]", "42"), ("metadata[b]", "2"), ("metadata[a]", "1"));
        await kit.ItemAsync(customer, draft, ("amount", "1250"), ("description", "Widget"), ("metadata[sku]", "W-1"));
        // A draft with more lines than an invoice embeds (lines.has_more).
        var many = await kit.DraftAsync(customer);
        for (var i = 0; i < 11; i++) await kit.ItemAsync(customer, many, ("amount", (100 + i).ToString()));
        // Open (customer frozen), paid out of band, void.
        var (_, open) = await kit.OpenInvoiceAsync(700);
        var (_, paid) = await kit.OpenInvoiceAsync(800);
        (await kit.ActionAsync(paid, "pay", ("paid_out_of_band", "true"))).AssertOk();
        var (_, voided) = await kit.OpenInvoiceAsync(900);
        (await kit.ActionAsync(voided, "void")).AssertOk();
        // A subscription's first invoice: subscription_details and subscription item lines.
        var subscriptions = new SubscriptionKit(kit.Client);
        var (subscriber, _) = await subscriptions.CustomerAsync();
        (await subscriptions.CreateAsync(subscriber, await subscriptions.PriceAsync(), ("metadata[plan]", "gold"))).AssertOk();

        var page = (await kit.Client.GetAsync("/v1/invoices", ("limit", "100"))).AssertOk();
        var ids = page.Body["data"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Contains(draft, ids);
        var retrieved = new List<string>();
        foreach (var id in ids) retrieved.Add((await kit.Client.GetAsync($"/v1/invoices/{id}")).AssertOk().Raw);
        Assert.Equal("{\"object\":\"list\",\"data\":[" + string.Join(",", retrieved) + "],\"has_more\":false,\"url\":\"/v1/invoices\"}", page.Raw);
    }

    [Fact]
    public async Task A_page_with_expansions_is_the_same_invoices_expanded()
    {
        var kit = new InvoiceKit(fixture.Client());
        var (_, open) = await kit.OpenInvoiceAsync(700);
        var page = (await kit.Client.GetAsync("/v1/invoices", ("expand[]", "data.customer"))).AssertOk().Body;
        var invoice = Assert.Single(page["data"]!.AsArray())!;
        Assert.Equal(open, invoice["id"]!.GetValue<string>());
        Assert.Equal("customer", invoice["customer"]!["object"]!.GetValue<string>());
    }
}
