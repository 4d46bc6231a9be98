using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Subscriptions;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary>update_lines, remove_lines and a line's own update on a draft (Stripe's "Manage bulk invoice line items" guide).</summary>
[Collection(ServerCollection.Name)]
public sealed class InvoiceLineEditTests(ServerFixture fixture)
{
    private readonly InvoiceKit _kit = new(fixture.Client());
    private StripeTestClient Client => _kit.Client;

    /// <summary>A draft with three item lines (1000, 200, 30), newest last; its line ids and item ids in line order.</summary>
    private async Task<(string Customer, string Invoice, List<string> Lines, List<string> Items)> DraftWithLinesAsync()
    {
        var customer = await _kit.CustomerAsync();
        var invoice = await _kit.DraftAsync(customer, ("metadata[a]", "1"));
        foreach (var amount in new[] { "1000", "200", "30" })
            await _kit.ItemAsync(customer, invoice, ("amount", amount), ("description", $"Item {amount}"), ("metadata[k]", "v"));
        var lines = (await _kit.GetAsync(invoice))["lines"]!["data"]!.AsArray().Select(l => l!.AsObject()).ToList();
        return (customer, invoice, lines.Select(l => Str(l["id"])).ToList(),
            lines.Select(l => Str(l["parent"]!["invoice_item_details"]!["invoice_item"])).ToList());
    }

    private static List<JsonObject> LinesOf(JsonObject invoice) => invoice["lines"]!["data"]!.AsArray().Select(l => l!.AsObject()).ToList();

    [Fact]
    public async Task Update_lines_changes_each_named_line_and_its_invoice_item()
    {
        var (_, invoice, lines, items) = await DraftWithLinesAsync();
        var updated = (await _kit.ActionAsync(invoice, "update_lines",
            ("lines[0][id]", lines[0]), ("lines[0][description]", "New description"), ("lines[0][metadata][key]", "new value"),
            ("lines[1][id]", lines[1]), ("lines[1][price_data][currency]", "usd"), ("lines[1][price_data][product_data][name]", "Widget"),
            ("lines[1][price_data][unit_amount_decimal]", "12.5"), ("lines[1][quantity]", "4"),
            ("lines[2][id]", lines[2]), ("lines[2][amount]", "-30"), ("lines[2][discountable]", "true"),
            ("invoice_metadata[b]", "2"))).AssertOk().Body;

        var after = LinesOf(updated);
        Assert.Equal(lines, after.Select(l => Str(l["id"])));
        Assert.Equal([1000L, 50L, -30L], after.Select(l => Long(l["amount"])));
        Assert.Equal(1020, Long(updated["subtotal"]));
        Assert.Equal(1020, Long(updated["amount_due"]));
        Assert.Equal("New description", Str(after[0]["description"]));
        // An invoice item's line merges its metadata.
        Assert.Equal("""{"k":"v","key":"new value"}""", after[0]["metadata"]!.ToJsonString());
        Assert.Equal(("12.5", 4L), (Str(after[1]["pricing"]!["unit_amount_decimal"]), Long(after[1]["quantity"])));
        // price_data makes an inline price of a new product; the line keeps its description.
        Assert.StartsWith("price_", Str(after[1]["pricing"]!["price_details"]!["price"]));
        Assert.Equal("Item 200", Str(after[1]["description"]));
        Assert.True(after[2]["discountable"]!.GetValue<bool>());
        Assert.Equal("""{"a":"1","b":"2"}""", updated["metadata"]!.ToJsonString());

        // The change is the invoice item's too.
        var item = (await Client.GetAsync($"/v1/invoiceitems/{items[1]}")).AssertOk().Body;
        Assert.Equal((50L, 4L, invoice), (Long(item["amount"]), Long(item["quantity"]), Str(item["invoice"])));
        Assert.Equal(1020, Long((await _kit.GetAsync(invoice))["total"]));

        var events = await _kit.EventsAsync("invoice.updated");
        var last = events[^1];
        Assert.Equal(invoice, Str(last["data"]!["object"]!["id"]));
        Assert.Equal(1230, Long(last["data"]!["previous_attributes"]!["subtotal"]));
    }

    [Fact]
    public async Task Update_lines_is_all_or_nothing_and_refuses_what_it_cannot_do()
    {
        var (customer, invoice, lines, _) = await DraftWithLinesAsync();
        // The second entry names no line of this invoice: the first one's change is not kept either.
        (await _kit.ActionAsync(invoice, "update_lines", ("lines[0][id]", lines[0]), ("lines[0][amount]", "1"),
            ("lines[1][id]", "il_nope"), ("lines[1][amount]", "2"))).AssertError(HttpStatusCode.BadRequest, "resource_missing", "lines[1][id]");
        Assert.Equal(1230, Long((await _kit.GetAsync(invoice))["subtotal"]));

        var eurPrice = (await Client.PostAsync("/v1/prices", ("currency", "eur"), ("unit_amount", "5"), ("product_data[name]", "Euro thing"))).AssertOk().Id;
        (await _kit.ActionAsync(invoice, "update_lines", ("lines[0][id]", lines[0]), ("lines[0][pricing][price]", eurPrice)))
            .AssertError(HttpStatusCode.BadRequest, param: "lines[0][pricing][price]");
        (await _kit.ActionAsync(invoice, "update_lines", ("lines[0][description]", "no id"))).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "lines[0][id]");
        (await _kit.ActionAsync("in_nope", "update_lines", ("lines[0][id]", lines[0]))).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");

        // Another invoice's line is not this invoice's.
        var other = await _kit.DraftAsync(customer);
        (await _kit.ActionAsync(other, "update_lines", ("lines[0][id]", lines[0]), ("lines[0][amount]", "5")))
            .AssertError(HttpStatusCode.BadRequest, "resource_missing", "lines[0][id]");

        await _kit.FinalizeAsync(invoice);
        (await _kit.ActionAsync(invoice, "update_lines", ("lines[0][id]", lines[0]), ("lines[0][amount]", "5")))
            .AssertError(HttpStatusCode.BadRequest, "invoice_not_editable", "lines");
        Assert.Equal(1230, Long((await _kit.GetAsync(invoice))["total"]));
    }

    [Fact]
    public async Task Remove_lines_deletes_or_unassigns_each_line()
    {
        var (customer, invoice, lines, items) = await DraftWithLinesAsync();
        var removed = (await _kit.ActionAsync(invoice, "remove_lines",
            ("lines[0][id]", lines[0]), ("lines[0][behavior]", "delete"),
            ("lines[1][id]", lines[1]), ("lines[1][behavior]", "unassign"),
            ("invoice_metadata[removed]", "2"))).AssertOk().Body;
        Assert.Equal([lines[2]], LinesOf(removed).Select(l => Str(l["id"])));
        Assert.Equal(30, Long(removed["total"]));
        Assert.Equal("2", Str(removed["metadata"]!["removed"]));

        // Deleted: gone, with its event. Unassigned: pending again, with no invoice.
        (await Client.GetAsync($"/v1/invoiceitems/{items[0]}")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        Assert.Equal([items[0]], (await _kit.EventsAsync("invoiceitem.deleted")).Select(e => Str(e["data"]!["object"]!["id"])));
        var pending = (await Client.GetAsync($"/v1/invoiceitems/{items[1]}")).AssertOk().Body;
        Assert.Null(pending["invoice"]);
        Assert.Contains(items[1], (await Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!
            .AsArray().Select(i => Str(i!["id"])));

        // The unassigned item goes on another invoice, as a new line.
        var next = (await _kit.CreateInvoiceAsync(customer, ("pending_invoice_items_behavior", "include")));
        var taken = LinesOf(next).Single();
        Assert.Equal((items[1], 200L), (Str(taken["parent"]!["invoice_item_details"]!["invoice_item"]), Long(taken["amount"])));
        Assert.NotEqual(lines[1], Str(taken["id"]));

        // A line removed is no longer the invoice's.
        (await _kit.ActionAsync(invoice, "remove_lines", ("lines[0][id]", lines[0]), ("lines[0][behavior]", "delete")))
            .AssertError(HttpStatusCode.BadRequest, "resource_missing", "lines[0][id]");
        (await _kit.ActionAsync(invoice, "remove_lines", ("lines[0][id]", lines[2]), ("lines[0][behavior]", "archive")))
            .AssertError(HttpStatusCode.BadRequest, param: "lines[0][behavior]");
        await _kit.FinalizeAsync(invoice);
        (await _kit.ActionAsync(invoice, "remove_lines", ("lines[0][id]", lines[2]), ("lines[0][behavior]", "delete")))
            .AssertError(HttpStatusCode.BadRequest, "invoice_not_editable", "lines");
    }

    [Fact]
    public async Task A_line_is_updated_by_its_own_path_and_answers_as_a_line_item()
    {
        var (_, invoice, lines, items) = await DraftWithLinesAsync();
        var line = (await Client.PostAsync($"/v1/invoices/{invoice}/lines/{lines[2]}", ("amount", "75"), ("description", "Fixed"),
            ("period[start]", "1700000000"), ("period[end]", "1700000100"))).AssertOk().Body;
        Assert.Equal(("line_item", lines[2], 75L, "Fixed", invoice), (Str(line["object"]), Str(line["id"]), Long(line["amount"]), Str(line["description"]),
            Str(line["invoice"])));
        Assert.Equal("""{"end":1700000100,"start":1700000000}""", line["period"]!.ToJsonString());
        Assert.Equal(1275, Long((await _kit.GetAsync(invoice))["total"]));
        Assert.Equal(75, Long((await Client.GetAsync($"/v1/invoiceitems/{items[2]}")).AssertOk().Body["amount"]));

        (await Client.PostAsync($"/v1/invoices/{invoice}/lines/il_nope", ("amount", "1"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "line_item_id");
        (await Client.PostAsync($"/v1/invoices/in_nope/lines/{lines[2]}", ("amount", "1"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
        await _kit.FinalizeAsync(invoice);
        (await Client.PostAsync($"/v1/invoices/{invoice}/lines/{lines[2]}", ("amount", "1"))).AssertError(HttpStatusCode.BadRequest, "invoice_not_editable");
    }

    [Fact]
    public async Task A_subscription_items_line_takes_only_metadata_and_stays_on_its_invoice()
    {
        var subs = new SubscriptionKit(Client);
        var price = await subs.PriceAsync(900);
        var (customer, _) = await subs.CustomerAsync();
        // A send_invoice subscription's first invoice stays a draft.
        var sub = (await Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("collection_method", "send_invoice"), ("days_until_due", "10"), ("metadata[plan]", "gold"))).AssertOk().Body;
        var invoice = Str(sub["latest_invoice"]);
        var line = LinesOf(await _kit.GetAsync(invoice)).Single();
        var lineId = Str(line["id"]);
        Assert.Equal("subscription_item_details", Str(line["parent"]!["type"]));

        var updated = (await _kit.ActionAsync(invoice, "update_lines", ("lines[0][id]", lineId), ("lines[0][metadata][note]", "x"))).AssertOk().Body;
        // Its metadata is replaced by the one given, not merged.
        Assert.Equal("""{"note":"x"}""", LinesOf(updated).Single()["metadata"]!.ToJsonString());
        Assert.Equal(900, Long(updated["total"]));

        (await _kit.ActionAsync(invoice, "update_lines", ("lines[0][id]", lineId), ("lines[0][amount]", "5")))
            .AssertError(HttpStatusCode.BadRequest, param: "lines[0][amount]");
        (await Client.PostAsync($"/v1/invoices/{invoice}/lines/{lineId}", ("description", "d"))).AssertError(HttpStatusCode.BadRequest, param: "description");
        (await _kit.ActionAsync(invoice, "remove_lines", ("lines[0][id]", lineId), ("lines[0][behavior]", "delete")))
            .AssertError(HttpStatusCode.BadRequest, param: "lines[0][id]");
        Assert.Equal(900, Long((await _kit.GetAsync(invoice))["total"]));
    }
}
