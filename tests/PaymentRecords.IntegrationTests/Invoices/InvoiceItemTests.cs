using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.Invoices;

[Collection(ServerCollection.Name)]
public sealed class InvoiceItemTests(ServerFixture fixture)
{
    private readonly InvoiceKit _kit = new(fixture.Client());
    private StripeTestClient Client => _kit.Client;

    [Fact]
    public async Task A_negative_item_is_not_discountable_unless_asked()
    {
        var customer = (await Client.PostAsync("/v1/customers", ("email", "credit@example.com"))).AssertOk().Id;
        var credit = (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "-500"), ("currency", "usd"))).AssertOk().Body;
        Assert.False(credit["discountable"]!.GetValue<bool>());
        var asked = (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "-500"), ("currency", "usd"), ("discountable", "true"))).AssertOk().Body;
        Assert.True(asked["discountable"]!.GetValue<bool>());
        var charge = (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "500"), ("currency", "usd"))).AssertOk().Body;
        Assert.True(charge["discountable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_retrieve_and_the_item_shape()
    {
        var customer = await _kit.CustomerAsync(("email", "i@example.com"));
        var item = await _kit.ItemAsync(customer, null, ("amount", "1500"), ("description", "Consulting"), ("discountable", "false"),
            ("period[start]", "1700000000"), ("period[end]", "1700086400"), ("metadata[k]", "v"), ("tax_behavior", "exclusive"), ("currency", "EUR"));
        var id = Str(item["id"]);
        Assert.StartsWith("ii_", id);
        Assert.Equal("invoiceitem", Str(item["object"]));
        Assert.Equal("eur", Str(item["currency"]));
        Assert.Equal(customer, Str(item["customer"]));
        Assert.Equal("Consulting", Str(item["description"]));
        Assert.False(item["discountable"]!.GetValue<bool>());
        Assert.Equal("""{"end":1700086400,"start":1700000000}""", item["period"]!.ToJsonString());
        Assert.Equal("""{"type":"price_details","unit_amount_decimal":"1500"}""", item["pricing"]!.ToJsonString());
        Assert.Equal(1, Long(item["quantity"]));
        Assert.Equal(1500, Long(item["net_amount"]));
        Assert.Null(item["invoice"]);
        Assert.Null(item["parent"]);
        Assert.False(item["proration"]!.GetValue<bool>());
        Assert.Equal("""{"k":"v"}""", item["metadata"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(item, (await Client.GetAsync($"/v1/invoiceitems/{id}")).AssertOk().Body));
        var expanded = (await Client.GetAsync($"/v1/invoiceitems/{id}", ("expand[]", "customer"))).AssertOk().Body;
        Assert.Equal("i@example.com", Str(expanded["customer"]!["email"]));
        var missing = (await Client.GetAsync("/v1/invoiceitems/ii_nope")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        // Stripe's own spelling, as recorded against Stripe.
        Assert.Equal("No such Invoice Item: 'ii_nope'(livemode=false)", missing.ErrorMessage);
    }

    [Fact]
    public async Task Create_checks_customer_invoice_and_currency()
    {
        var customer = await _kit.CustomerAsync();
        var other = await _kit.CustomerAsync();
        var draft = await _kit.DraftAsync(customer);
        (await Client.PostAsync("/v1/invoiceitems", ("amount", "1"))).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "customer");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", "cus_nope"), ("amount", "1"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "customer");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", "in_nope"), ("amount", "1"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", other), ("invoice", draft), ("amount", "1"))).AssertError(HttpStatusCode.BadRequest, param: "invoice");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", draft), ("amount", "1"), ("currency", "eur"))).AssertError(HttpStatusCode.BadRequest, param: "currency");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "1"), ("currency", "zzz"))).AssertError(HttpStatusCode.BadRequest, param: "currency");
        foreach (var (key, value, param) in new[]
        {
            ("pricing[price]", "price_x", "pricing[price]"),
            ("price_data[product]", "prod_x", "price_data[product]"),
            ("tax_rates[0]", "txr_x", "tax_rates[0]"),
            ("discounts[0][discount]", "di_x", "discounts[0][discount]"),
            ("subscription", "sub_x", "subscription"),
        })
        {
            var form = key == "price_data[product]"
                ? new[] { ("customer", customer), (key, value), ("price_data[currency]", "usd"), ("price_data[unit_amount]", "5") }
                : [("customer", customer), ("amount", "1"), (key, value)];
            (await Client.PostAsync("/v1/invoiceitems", form)).AssertError(HttpStatusCode.NotFound, "resource_missing", param);
        }
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "1"), ("period[start]", "10"), ("period[end]", "5")))
            .AssertError(HttpStatusCode.BadRequest, param: "period");
        var (openCustomer, open) = await _kit.OpenInvoiceAsync();
        var error = (await Client.PostAsync("/v1/invoiceitems", ("customer", openCustomer), ("invoice", open), ("amount", "1")))
            .AssertError(HttpStatusCode.BadRequest, "invoice_not_editable", "invoice");
        Assert.Equal("Invalid invoice: This invoice is no longer editable", error.ErrorMessage);
    }

    [Fact]
    public async Task Update_moves_the_invoice_totals_and_only_while_draft()
    {
        var customer = await _kit.CustomerAsync();
        var draft = await _kit.DraftAsync(customer);
        var item = Str((await _kit.ItemAsync(customer, draft, ("unit_amount_decimal", "100"), ("quantity", "2")))["id"]);
        Assert.Equal(200, Long((await _kit.GetAsync(draft))["total"]));

        var more = (await Client.PostAsync($"/v1/invoiceitems/{item}", ("quantity", "5"))).AssertOk().Body;
        Assert.Equal((500L, 5L), (Long(more["amount"]), Long(more["quantity"])));
        Assert.Equal(500, Long((await _kit.GetAsync(draft))["total"]));
        var fixedAmount = (await Client.PostAsync($"/v1/invoiceitems/{item}", ("amount", "-120"), ("description", "refund"))).AssertOk().Body;
        Assert.Equal((-120L, 1L, "-120"), (Long(fixedAmount["amount"]), Long(fixedAmount["quantity"]), Str(fixedAmount["pricing"]!["unit_amount_decimal"])));
        var inv = await _kit.GetAsync(draft);
        Assert.Equal(-120, Long(inv["total"]));
        Assert.Equal(0, Long(inv["amount_due"]));
        Assert.Equal("refund", Str(inv["lines"]!["data"]![0]!["description"]));
        (await Client.PostAsync($"/v1/invoiceitems/{item}", ("unit_amount_decimal", "1.5"), ("quantity", "3"))).AssertOk();
        Assert.Equal(5, Long((await _kit.GetAsync(draft))["total"])); // 4.5 → 5

        await _kit.FinalizeAsync(draft);
        (await Client.PostAsync($"/v1/invoiceitems/{item}", ("amount", "1"))).AssertError(HttpStatusCode.BadRequest, "invoice_not_editable");
        (await Client.PostAsync($"/v1/invoiceitems/{item}", ("description", "x"))).AssertError(HttpStatusCode.BadRequest, "invoice_not_editable");
        var tagged = (await Client.PostAsync($"/v1/invoiceitems/{item}", ("metadata[note]", "ok"))).AssertOk().Body;
        Assert.Equal("ok", Str(tagged["metadata"]!["note"]));
        (await Client.PostAsync("/v1/invoiceitems/ii_nope", ("amount", "1"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
    }

    [Fact]
    public async Task Delete_pending_or_draft_items_only()
    {
        var customer = await _kit.CustomerAsync();
        var pending = Str((await _kit.ItemAsync(customer, null, ("amount", "10")))["id"]);
        var deleted = (await Client.DeleteAsync($"/v1/invoiceitems/{pending}")).AssertOk();
        Assert.Equal($$"""{"id":"{{pending}}","object":"invoiceitem","deleted":true}""", deleted.Raw);
        (await Client.GetAsync($"/v1/invoiceitems/{pending}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
        (await Client.DeleteAsync($"/v1/invoiceitems/{pending}")).AssertError(HttpStatusCode.NotFound, "resource_missing");

        var draft = await _kit.DraftAsync(customer);
        var keep = Str((await _kit.ItemAsync(customer, draft, ("amount", "300")))["id"]);
        var drop = Str((await _kit.ItemAsync(customer, draft, ("amount", "200")))["id"]);
        (await Client.DeleteAsync($"/v1/invoiceitems/{drop}")).AssertOk();
        var inv = await _kit.GetAsync(draft);
        Assert.Equal(300, Long(inv["total"]));
        Assert.Single(inv["lines"]!["data"]!.AsArray());

        await _kit.FinalizeAsync(draft);
        (await Client.DeleteAsync($"/v1/invoiceitems/{keep}"))
            .AssertRefusedWithoutCode("Can't delete an invoice item that is attached to an invoice that is no longer editable");
    }

    [Fact]
    public async Task Add_lines_takes_new_lines_and_pending_items()
    {
        var customer = await _kit.CustomerAsync();
        var other = await _kit.CustomerAsync();
        var draft = await _kit.DraftAsync(customer, ("metadata[a]", "1"));
        var pending = Str((await _kit.ItemAsync(customer, null, ("amount", "40")))["id"]);
        var foreign = Str((await _kit.ItemAsync(other, null, ("amount", "40")))["id"]);
        var eur = Str((await _kit.ItemAsync(customer, null, ("amount", "40"), ("currency", "eur")))["id"]);

        var inv = (await _kit.ActionAsync(draft, "add_lines",
            ("lines[0][amount]", "1000"), ("lines[0][description]", "Setup"), ("lines[0][metadata][k]", "v"),
            ("lines[1][invoice_item]", pending),
            ("lines[2][price_data][currency]", "usd"), ("lines[2][price_data][product_data][name]", "Widget"),
            ("lines[2][price_data][unit_amount_decimal]", "12.5"), ("lines[2][quantity]", "3"),
            ("lines[3][amount]", "-100"), ("lines[3][period][start]", "1700000000"), ("lines[3][period][end]", "1700000100"),
            ("invoice_metadata[b]", "2"))).AssertOk().Body;
        var lines = inv["lines"]!["data"]!.AsArray().Select(l => l!.AsObject()).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal([1000L, 40L, 38L, -100L], lines.Select(l => Long(l["amount"])));
        Assert.Equal(978, Long(inv["total"]));
        Assert.Equal("Setup", Str(lines[0]["description"]));
        Assert.Equal("v", Str(lines[0]["metadata"]!["k"]));
        Assert.Equal("Widget", Str(lines[2]["description"]));
        Assert.Equal("12.5", Str(lines[2]["pricing"]!["unit_amount_decimal"]));
        Assert.Equal(3, Long(lines[2]["quantity"]));
        Assert.Equal(pending, Str(lines[1]["parent"]!["invoice_item_details"]!["invoice_item"]));
        Assert.Equal("""{"a":"1","b":"2"}""", inv["metadata"]!.ToJsonString());
        var backing = Str(lines[0]["parent"]!["invoice_item_details"]!["invoice_item"]);
        Assert.Equal(draft, Str((await Client.GetAsync($"/v1/invoiceitems/{backing}")).AssertOk().Body["invoice"]));

        (await _kit.ActionAsync(draft, "add_lines", ("lines[0][invoice_item]", pending))).AssertError(HttpStatusCode.BadRequest, param: "lines[0][invoice_item]");
        (await _kit.ActionAsync(draft, "add_lines", ("lines[0][invoice_item]", foreign))).AssertError(HttpStatusCode.BadRequest, param: "lines[0][invoice_item]");
        (await _kit.ActionAsync(draft, "add_lines", ("lines[0][invoice_item]", eur))).AssertError(HttpStatusCode.BadRequest, param: "lines[0][invoice_item]");
        (await _kit.ActionAsync(draft, "add_lines", ("lines[0][invoice_item]", "ii_nope"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "lines[0][invoice_item]");
        (await _kit.ActionAsync(draft, "add_lines", ("lines[0][description]", "no amount"))).AssertError(HttpStatusCode.BadRequest, "parameter_missing");
        (await _kit.ActionAsync(draft, "add_lines", ("lines[0][pricing][price]", "price_x"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "lines[0][pricing][price]");
        (await _kit.ActionAsync(draft, "add_lines", ("lines[0][amount]", "1"), ("lines[0][tax_rates][0]", "txr_x"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "lines[0][tax_rates][0]");
        (await _kit.ActionAsync(draft, "add_lines")).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "lines");
        Assert.Equal(978, Long((await _kit.GetAsync(draft))["total"]));
    }

    [Fact]
    public async Task List_filters_pending_customer_invoice()
    {
        var kit = new InvoiceKit(fixture.Client());
        var a = await kit.CustomerAsync();
        var b = await kit.CustomerAsync();
        var draft = await kit.DraftAsync(a);
        var onInvoice = Str((await kit.ItemAsync(a, draft, ("amount", "1")))["id"]);
        var pendingA = Str((await kit.ItemAsync(a, null, ("amount", "2")))["id"]);
        var pendingB = Str((await kit.ItemAsync(b, null, ("amount", "3")))["id"]);

        async Task<List<string>> Ids(params (string, string)[] q) =>
            (await kit.Client.GetAsync("/v1/invoiceitems", q)).AssertOk().Body["data"]!.AsArray().Select(x => Str(x!["id"])).ToList();

        Assert.Equal([pendingB, pendingA, onInvoice], await Ids());
        Assert.Equal([pendingA, onInvoice], await Ids(("customer", a)));
        Assert.Equal([pendingB, pendingA], await Ids(("pending", "true")));
        Assert.Equal([onInvoice], await Ids(("pending", "false")));
        Assert.Equal([onInvoice], await Ids(("invoice", draft)));
        Assert.Equal([pendingA], await Ids(("limit", "1"), ("starting_after", pendingB)));
        var list = (await kit.Client.GetAsync("/v1/invoiceitems", ("expand[]", "data.invoice"), ("expand[]", "data.customer"))).AssertOk().Body;
        Assert.Equal("/v1/invoiceitems", Str(list["url"]));
        Assert.Equal(draft, Str(list["data"]![2]!["invoice"]!["id"]));
        Assert.Equal(b, Str(list["data"]![0]!["customer"]!["id"]));
        (await kit.Client.GetAsync("/v1/invoiceitems", ("invoice", "in_nope"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
    }
}
