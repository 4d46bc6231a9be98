using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.Invoices;

[Collection(ServerCollection.Name)]
public sealed class InvoiceCrudTests(ServerFixture fixture)
{
    private readonly InvoiceKit _kit = new(fixture.Client());
    private StripeTestClient Client => _kit.Client;

    [Fact]
    public async Task Automatically_finalizes_at_shows_when_an_auto_advance_draft_will_be_finalized_and_null_otherwise()
    {
        var customer = await _kit.CustomerAsync();
        var draft = (await _kit.Client.PostAsync("/v1/invoices", ("customer", customer), ("auto_advance", "true"))).AssertOk().Body;
        Assert.Equal(draft["created"]!.GetValue<long>() + 3600, draft["automatically_finalizes_at"]!.GetValue<long>());
        var off = (await _kit.Client.PostAsync($"/v1/invoices/{draft["id"]!.GetValue<string>()}", ("auto_advance", "false"))).AssertOk().Body;
        Assert.Null(off["automatically_finalizes_at"]);
        var manual = (await _kit.Client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Body;
        Assert.Null(manual["automatically_finalizes_at"]);
    }

    [Fact]
    public async Task Create_defaults_follow_the_spec()
    {
        var customer = await _kit.CustomerAsync(("email", "d@example.com"), ("name", "Dee"));
        var inv = await _kit.CreateInvoiceAsync(customer);
        Assert.StartsWith("in_", Str(inv["id"]));
        Assert.Equal("invoice", Str(inv["object"]));
        Assert.Equal("draft", Str(inv["status"]));
        Assert.Equal("usd", Str(inv["currency"]));
        Assert.False(inv["auto_advance"]!.GetValue<bool>());
        Assert.Equal("charge_automatically", Str(inv["collection_method"]));
        Assert.Equal("manual", Str(inv["billing_reason"]));
        Assert.Equal(customer, Str(inv["customer"]));
        Assert.Equal("d@example.com", Str(inv["customer_email"]));
        Assert.Equal("Dee", Str(inv["customer_name"]));
        Assert.Null(inv["number"]);
        Assert.Null(inv["due_date"]);
        Assert.Null(inv["ending_balance"]);
        Assert.Null(inv["status_transitions"]!["finalized_at"]);
        foreach (var amount in new[] { "amount_due", "amount_paid", "amount_remaining", "amount_overpaid", "subtotal", "total", "starting_balance" })
            Assert.Equal(0, Long(inv[amount]));
        Assert.Equal("""{"object":"list","data":[],"has_more":false,"url":"/v1/invoices/""" + Str(inv["id"]) + """/lines"}""", inv["lines"]!.ToJsonString());
        Assert.False(inv.ContainsKey("payments"));
        Assert.Equal("""{"default_mandate":null,"payment_method_options":null,"payment_method_types":null}""", inv["payment_settings"]!.ToJsonString());
    }

    [Fact]
    public async Task Currency_is_the_customers_else_usd_else_as_given()
    {
        var eur = await _kit.CustomerAsync();
        Assert.Equal("usd", Str((await _kit.CreateInvoiceAsync(eur))["currency"]));
        Assert.Null((await Client.GetAsync($"/v1/customers/{eur}")).AssertOk().Body["currency"]);
        // The customer's first finalized invoice fixes its currency, which later invoices default to.
        var first = await _kit.DraftAsync(eur, ("currency", "eur"));
        await _kit.FinalizeAsync(first);
        Assert.Equal("eur", Str((await Client.GetAsync($"/v1/customers/{eur}")).AssertOk().Body["currency"]));
        Assert.Equal("eur", Str((await _kit.CreateInvoiceAsync(eur))["currency"]));
        Assert.Equal("gbp", Str((await _kit.CreateInvoiceAsync(eur, ("currency", "GBP")))["currency"]));
        (await Client.PostAsync("/v1/invoices", ("customer", eur), ("currency", "xxx"))).AssertError(HttpStatusCode.BadRequest, param: "currency");
    }

    [Fact]
    public async Task Customer_is_required_and_must_exist()
    {
        (await Client.PostAsync("/v1/invoices")).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "customer");
        var missing = (await Client.PostAsync("/v1/invoices", ("customer", "cus_nope"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "customer");
        Assert.Equal("No such customer: 'cus_nope'", missing.ErrorMessage);
        var deleted = await _kit.CustomerAsync();
        await Client.DeleteAsync($"/v1/customers/{deleted}");
        (await Client.PostAsync("/v1/invoices", ("customer", deleted))).AssertError(HttpStatusCode.NotFound, "resource_missing", "customer");
    }

    [Fact]
    public async Task Echoed_fields_round_trip_on_create_update_and_retrieve()
    {
        var customer = await _kit.CustomerAsync();
        var inv = await _kit.CreateInvoiceAsync(customer,
            ("collection_method", "send_invoice"), ("days_until_due", "14"), ("description", "April"), ("footer", "Thanks"),
            ("statement_descriptor", "ACME"), ("custom_fields[0][name]", "PO"), ("custom_fields[0][value]", "42"),
            ("rendering[amount_tax_display]", "exclude_tax"), ("rendering[pdf][page_size]", "a4"),
            ("shipping_details[name]", "Sam"), ("shipping_details[address][city]", "Oslo"),
            ("payment_settings[payment_method_types][0]", "custom"), ("payment_settings[payment_method_types][1]", "card"),
            ("payment_settings[payment_method_options][card][request_three_d_secure]", "any"),
            ("metadata[k]", "v"), ("auto_advance", "true"), ("number", "CUSTOM-1"));
        var id = Str(inv["id"]);
        Assert.Equal("send_invoice", Str(inv["collection_method"]));
        Assert.Equal("April", Str(inv["description"]));
        Assert.Equal("Thanks", Str(inv["footer"]));
        Assert.Equal("ACME", Str(inv["statement_descriptor"]));
        Assert.Equal("""[{"name":"PO","value":"42"}]""", inv["custom_fields"]!.ToJsonString());
        Assert.Equal("""{"amount_tax_display":"exclude_tax","pdf":{"page_size":"a4"},"template":null,"template_version":null}""", inv["rendering"]!.ToJsonString());
        Assert.Equal("Sam", Str(inv["shipping_details"]!["name"]));
        Assert.Equal("Oslo", Str(inv["shipping_details"]!["address"]!["city"]));
        Assert.Equal("""["custom","card"]""", inv["payment_settings"]!["payment_method_types"]!.ToJsonString());
        Assert.Equal("any", Str(inv["payment_settings"]!["payment_method_options"]!["card"]!["request_three_d_secure"]));
        Assert.Null(inv["payment_settings"]!["payment_method_options"]!["acss_debit"]);
        Assert.Equal("v", Str(inv["metadata"]!["k"]));
        Assert.True(inv["auto_advance"]!.GetValue<bool>());
        Assert.Equal("CUSTOM-1", Str(inv["number"]));
        Assert.True(JsonNode.DeepEquals(inv, await _kit.GetAsync(id)));

        var updated = (await Client.PostAsync($"/v1/invoices/{id}", ("payment_settings[payment_method_types][0]", "custom"),
            ("description", "May"), ("custom_fields", ""), ("metadata[k]", ""), ("metadata[n]", "1"), ("number", ""))).AssertOk().Body;
        Assert.Equal("""["custom"]""", updated["payment_settings"]!["payment_method_types"]!.ToJsonString());
        Assert.Equal("any", Str(updated["payment_settings"]!["payment_method_options"]!["card"]!["request_three_d_secure"]));
        Assert.Equal("May", Str(updated["description"]));
        Assert.Null(updated["custom_fields"]);
        Assert.Null(updated["number"]);
        Assert.Equal("""{"n":"1"}""", updated["metadata"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(updated, await _kit.GetAsync(id)));
        var cleared = (await Client.PostAsync($"/v1/invoices/{id}", ("payment_settings[payment_method_types]", ""))).AssertOk().Body;
        Assert.Null(cleared["payment_settings"]!["payment_method_types"]);
    }

    [Fact]
    public async Task Bad_payment_method_type_is_refused_naming_the_value()
    {
        var customer = await _kit.CustomerAsync();
        var bad = (await Client.PostAsync("/v1/invoices", ("customer", customer), ("payment_settings[payment_method_types][0]", "custom"),
            ("payment_settings[payment_method_types][1]", "cheque"))).AssertError(HttpStatusCode.BadRequest, param: "payment_settings[payment_method_types][1]");
        Assert.Equal("invalid_request_error", Str(bad.Error["type"]));
        Assert.Contains("'cheque'", bad.ErrorMessage);
        var id = await _kit.DraftAsync(customer);
        (await Client.PostAsync($"/v1/invoices/{id}", ("payment_settings[payment_method_types][0]", "Custom")))
            .AssertError(HttpStatusCode.BadRequest, param: "payment_settings[payment_method_types][0]");
    }

    /// <summary>
    /// customer_balance options the request spec types as free strings: Stripe keeps only the values its invoice schema
    /// allows, so anything else is refused rather than echoed (found by the parameter walk's schema check).
    /// </summary>
    [Theory]
    [InlineData("funding_type", "wire")]
    [InlineData("bank_transfer][type", "iban_transfer")]
    [InlineData("bank_transfer][eu_bank_transfer][country", "US")]
    public async Task Customer_balance_options_outside_stripe_s_values_are_refused(string field, string value)
    {
        var customer = await _kit.CustomerAsync();
        var param = $"payment_settings[payment_method_options][customer_balance][{field}]";
        // The other options valid, so only the one under test is wrong.
        (string, string)[] form = field == "funding_type"
            ? [("customer", customer), (param, value)]
            : [("customer", customer), (param, value), ("payment_settings[payment_method_options][customer_balance][funding_type]", "bank_transfer")];
        var bad = (await Client.PostAsync("/v1/invoices", form)).AssertError(HttpStatusCode.BadRequest, param: param);
        Assert.StartsWith($"Invalid {param}: must be one of ", bad.ErrorMessage);
        var id = await _kit.DraftAsync(customer);
        (await Client.PostAsync($"/v1/invoices/{id}", (param, value))).AssertError(HttpStatusCode.BadRequest, param: param);
    }

    [Fact]
    public async Task Customer_balance_options_within_stripe_s_values_round_trip()
    {
        var customer = await _kit.CustomerAsync();
        var inv = (await Client.PostAsync("/v1/invoices", ("customer", customer),
            ("payment_settings[payment_method_options][customer_balance][funding_type]", "bank_transfer"),
            ("payment_settings[payment_method_options][customer_balance][bank_transfer][type]", "eu_bank_transfer"),
            ("payment_settings[payment_method_options][customer_balance][bank_transfer][eu_bank_transfer][country]", "FR"))).AssertOk().Body;
        Assert.Equal("""{"bank_transfer":{"eu_bank_transfer":{"country":"FR"},"type":"eu_bank_transfer"},"funding_type":"bank_transfer"}""",
            inv["payment_settings"]!["payment_method_options"]!["customer_balance"]!.ToJsonString());
    }

    [Fact]
    public async Task Due_dates_belong_to_send_invoice()
    {
        var customer = await _kit.CustomerAsync();
        // Recorded against Stripe: this wording, no param, no code.
        foreach (var form in new[] { ("due_date", "1900000000"), ("days_until_due", "3") })
        {
            var refused = (await Client.PostAsync("/v1/invoices", ("customer", customer), form))
                .AssertRefusedWithoutCode("You can only specify 'due_date' or 'days_until_due' if invoice collection method is 'send_invoice'.");
            Assert.Null(refused.ErrorParam);
        }
        (await Client.PostAsync("/v1/invoices", ("customer", customer), ("collection_method", "send_invoice"), ("days_until_due", "3"), ("due_date", "1900000000")))
            .AssertError(HttpStatusCode.BadRequest, "parameters_exclusive");
        // days_until_due: "The number of days from when the invoice is created until it is due": the draft shows it.
        var byDays = await _kit.CreateInvoiceAsync(customer, ("collection_method", "send_invoice"), ("days_until_due", "3"));
        Assert.Equal(Long(byDays["created"]) + 3 * 86_400, Long(byDays["due_date"]));
        var later = (await Client.PostAsync($"/v1/invoices/{byDays["id"]}", ("days_until_due", "10"))).AssertOk().Body;
        Assert.Equal(Long(byDays["created"]) + 10 * 86_400, Long(later["due_date"]));
        var inv = await _kit.CreateInvoiceAsync(customer, ("collection_method", "send_invoice"), ("due_date", "1900000000"));
        Assert.Equal(1900000000, Long(inv["due_date"]));
        var back = (await Client.PostAsync($"/v1/invoices/{inv["id"]}", ("collection_method", "charge_automatically"))).AssertOk().Body;
        Assert.Null(back["due_date"]);
    }

    [Fact]
    public async Task Objects_not_held_here_are_404_on_their_parameter()
    {
        var customer = await _kit.CustomerAsync();
        var cases = new (string Key, string Value, string Param)[]
        {
            ("default_payment_method", "pm_x", "default_payment_method"),
            ("default_source", "src_x", "default_source"),
            ("default_tax_rates[0]", "txr_x", "default_tax_rates[0]"),
            ("account_tax_ids[0]", "txi_x", "account_tax_ids[0]"),
            ("discounts[0][coupon]", "co_x", "discounts[0][coupon]"),
            ("on_behalf_of", "acct_x", "on_behalf_of"),
            ("subscription", "sub_x", "subscription"),
            ("shipping_cost[shipping_rate]", "shr_x", "shipping_cost[shipping_rate]"),
            ("transfer_data[destination]", "acct_x", "transfer_data[destination]"),
            ("payment_settings[default_mandate]", "mandate_x", "payment_settings[default_mandate]"),
        };
        foreach (var (key, value, param) in cases)
            (await Client.PostAsync("/v1/invoices", ("customer", customer), (key, value))).AssertError(HttpStatusCode.NotFound, "resource_missing", param);
        (await Client.PostAsync("/v1/invoices", ("customer", customer), ("from_invoice[action]", "revision"), ("from_invoice[invoice]", "in_x")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "from_invoice[invoice]");
        (await Client.PostAsync("/v1/invoices", ("customer", customer), ("automatic_tax[enabled]", "true")))
            .AssertError(HttpStatusCode.BadRequest, "stripe_tax_inactive");
        (await Client.PostAsync("/v1/invoices", ("customer", customer), ("application_fee_amount", "5")))
            .AssertError(HttpStatusCode.BadRequest, param: "application_fee_amount");
        Assert.Equal(0, Long((await _kit.CreateInvoiceAsync(customer, ("automatic_tax[enabled]", "false")))["total"]));
    }

    [Fact]
    public async Task Retrieve_missing_is_404()
    {
        var missing = (await Client.GetAsync("/v1/invoices/in_nope")).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
        Assert.Equal("No such invoice: 'in_nope'", missing.ErrorMessage);
        (await fixture.Client().GetAsync($"/v1/invoices/{await _kit.DraftAsync(await _kit.CustomerAsync())}"))
            .AssertError(HttpStatusCode.NotFound, "resource_missing");
    }

    [Fact]
    public async Task Money_fields_and_the_description_change_only_on_drafts()
    {
        var (_, open) = await _kit.OpenInvoiceAsync();
        foreach (var (key, value) in new[]
                 { ("collection_method", "send_invoice"), ("number", "X-1"), ("effective_at", "1900000000"), ("discounts", ""), ("description", "memo") })
        {
            // Recorded against Stripe (description on a paid invoice): this wording, the parameter, no code.
            (await Client.PostAsync($"/v1/invoices/{open}", (key, value)))
                .AssertRefusedWithoutCode("Finalized invoices can't be updated in this way").AssertError(HttpStatusCode.BadRequest, param: key);
        }
        var ok = (await Client.PostAsync($"/v1/invoices/{open}", ("metadata[a]", "b"), ("footer", "f"))).AssertOk().Body;
        Assert.Equal("f", Str(ok["footer"]));
        Assert.Null(ok["description"]);
        var (_, paid) = await _kit.OpenInvoiceAsync();
        (await _kit.ActionAsync(paid, "pay", ("paid_out_of_band", "true"))).AssertOk();
        (await Client.PostAsync($"/v1/invoices/{paid}", ("description", "late"))).AssertRefusedWithoutCode("Finalized invoices can't be updated in this way");
        Assert.Equal("b", Str((await Client.PostAsync($"/v1/invoices/{paid}", ("metadata[a]", "b"))).AssertOk().Body["metadata"]!["a"]));
    }

    [Fact]
    public async Task Delete_only_drafts_and_their_items_go_with_them()
    {
        var customer = await _kit.CustomerAsync();
        var draft = await _kit.DraftAsync(customer);
        var item = Str((await _kit.ItemAsync(customer, draft, ("amount", "700")))["id"]);
        var kept = Str((await _kit.ItemAsync(customer, null, ("amount", "300")))["id"]);
        var deleted = (await Client.DeleteAsync($"/v1/invoices/{draft}")).AssertOk();
        Assert.Equal($$"""{"id":"{{draft}}","object":"invoice","deleted":true}""", deleted.Raw);
        (await Client.GetAsync($"/v1/invoices/{draft}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
        (await Client.DeleteAsync($"/v1/invoices/{draft}")).AssertError(HttpStatusCode.NotFound, "resource_missing");

        // Recorded against Stripe: the draft's items are not pending again; an update reads one as deleted, a delete as
        // on an invoice that is no longer editable (both without a code).
        (await Client.PostAsync($"/v1/invoiceitems/{item}", ("description", "nope"))).AssertRefusedWithoutCode("This invoice item has been deleted.");
        (await Client.PostAsync($"/v1/invoiceitems/{item}", ("metadata[a]", "b"))).AssertRefusedWithoutCode("This invoice item has been deleted.");
        (await Client.DeleteAsync($"/v1/invoiceitems/{item}"))
            .AssertRefusedWithoutCode("Can't delete an invoice item that is attached to an invoice that is no longer editable");
        (await Client.GetAsync($"/v1/invoiceitems/{item}")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        var pending = (await Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body;
        Assert.Equal([kept], pending["data"]!.AsArray().Select(i => Str(i!["id"])));
        var all = (await Client.GetAsync("/v1/invoiceitems", ("customer", customer))).AssertOk().Body;
        Assert.Equal([kept], all["data"]!.AsArray().Select(i => Str(i!["id"])));
        var next = (await Client.PostAsync("/v1/invoices", ("customer", customer), ("pending_invoice_items_behavior", "include"))).AssertOk().Body;
        Assert.Equal(300, Long(next["total"]));
        // Named by add_lines, it is gone too.
        (await _kit.ActionAsync(Str(next["id"]), "add_lines", ("lines[0][invoice_item]", item)))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "lines[0][invoice_item]");

        var (_, open) = await _kit.OpenInvoiceAsync();
        (await Client.DeleteAsync($"/v1/invoices/{open}")).AssertRefusedWithoutCode("You can only delete draft invoices.");
    }

    [Fact]
    public async Task Lines_added_come_before_the_lines_a_draft_had_in_the_order_given()
    {
        var customer = await _kit.CustomerAsync();
        var draft = await _kit.DraftAsync(customer);
        await _kit.ItemAsync(customer, draft, ("amount", "100"), ("description", "A"));
        (await _kit.ActionAsync(draft, "add_lines", ("lines[0][amount]", "200"), ("lines[0][description]", "B"),
            ("lines[1][amount]", "300"), ("lines[1][description]", "C"))).AssertOk();
        var last = (await _kit.ActionAsync(draft, "add_lines", ("lines[0][amount]", "400"), ("lines[0][description]", "D"))).AssertOk().Body;
        // Recorded against Stripe: the line add_lines adds comes first.
        Assert.Equal(["D", "B", "C", "A"], last["lines"]!["data"]!.AsArray().Select(l => Str(l!["description"])));
        var paged = new List<string>();
        string? after = null;
        do
        {
            var query = new List<(string, string)> { ("limit", "3") };
            if (after is not null) query.Add(("starting_after", after));
            var page = (await Client.GetAsync($"/v1/invoices/{draft}/lines", [.. query])).AssertOk().Body;
            var data = page["data"]!.AsArray();
            paged.AddRange(data.Select(l => Str(l!["description"])));
            after = page["has_more"]!.GetValue<bool>() ? Str(data[^1]!["id"]) : null;
        } while (after is not null);
        Assert.Equal(["D", "B", "C", "A"], paged);
        Assert.Equal(1000, Long(last["total"]));
    }

    [Fact]
    public async Task Expand_customer_payments_and_not_lines()
    {
        var customer = await _kit.CustomerAsync(("email", "x@example.com"));
        var id = await _kit.DraftAsync(customer);
        var expanded = (await Client.GetAsync($"/v1/invoices/{id}", ("expand[]", "customer"))).AssertOk().Body;
        Assert.Equal("customer", Str(expanded["customer"]!["object"]));
        Assert.Equal("x@example.com", Str(expanded["customer"]!["email"]));
        var payments = (await Client.GetAsync($"/v1/invoices/{id}", ("expand[]", "payments"))).AssertOk().Body;
        // Stripe's own invoice example lists payments at url "/v1/invoice_payments".
        Assert.Equal("""{"object":"list","data":[],"has_more":false,"url":"/v1/invoice_payments"}""", payments["payments"]!.ToJsonString());
        (await Client.GetAsync($"/v1/invoices/{id}", ("expand[]", "lines"))).AssertCannotExpand();
        (await Client.GetAsync($"/v1/invoices/{id}", ("expand[]", "lines.data.invoice_item"))).AssertCannotExpand();
        var list = (await Client.GetAsync("/v1/invoices", ("expand[]", "data.customer"), ("expand[]", "data.payments"))).AssertOk().Body;
        Assert.Equal(customer, Str(list["data"]![0]!["customer"]!["id"]));
        Assert.NotNull(list["data"]![0]!["payments"]);
        var onCreate = (await Client.PostAsync("/v1/invoices", ("customer", customer), ("expand[0]", "customer"))).AssertOk().Body;
        Assert.Equal(customer, Str(onCreate["customer"]!["id"]));
        var item = (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", id), ("amount", "5"),
            ("expand[]", "invoice"), ("expand[]", "invoice.customer"))).AssertOk().Body;
        Assert.Equal(id, Str(item["invoice"]!["id"]));
        Assert.Equal(customer, Str(item["invoice"]!["customer"]!["id"]));
    }

    [Fact]
    public async Task List_filters_and_pagination()
    {
        var kit = new InvoiceKit(fixture.Client());
        var a = await kit.CustomerAsync();
        var b = await kit.CustomerAsync();
        var drafts = new List<string>();
        for (var i = 0; i < 3; i++) drafts.Add(await kit.DraftAsync(a));
        var sendInvoice = await kit.DraftAsync(b, ("collection_method", "send_invoice"), ("due_date", "1900000000"));
        var open = await kit.DraftAsync(b);
        await kit.ItemAsync(b, open, ("amount", "100"));
        await kit.FinalizeAsync(open);

        async Task<List<string>> Ids(params (string, string)[] q) =>
            (await kit.Client.GetAsync("/v1/invoices", q)).AssertOk().Body["data"]!.AsArray().Select(x => Str(x!["id"])).ToList();

        Assert.Equal([open, sendInvoice, drafts[2], drafts[1], drafts[0]], await Ids());
        Assert.Equal([drafts[2], drafts[1], drafts[0]], await Ids(("customer", a)));
        Assert.Equal([open], await Ids(("status", "open")));
        Assert.Equal(4, (await Ids(("status", "draft"))).Count);
        Assert.Equal([sendInvoice], await Ids(("collection_method", "send_invoice")));
        Assert.Equal([sendInvoice], await Ids(("due_date[gte]", "1800000000")));
        Assert.Equal([sendInvoice], await Ids(("due_date", "1900000000")));
        Assert.Empty(await Ids(("created[lt]", "1000")));
        Assert.Equal(5, (await Ids(("created[gte]", "1000"))).Count);

        var page1 = (await kit.Client.GetAsync("/v1/invoices", ("limit", "2"))).AssertOk().Body;
        Assert.True(page1["has_more"]!.GetValue<bool>());
        Assert.Equal("/v1/invoices", Str(page1["url"]));
        Assert.Equal([drafts[2], drafts[1]], await Ids(("limit", "2"), ("starting_after", sendInvoice)));
        Assert.Equal([open, sendInvoice], await Ids(("limit", "2"), ("ending_before", drafts[2])));
        (await kit.Client.GetAsync("/v1/invoices", ("customer", "cus_nope"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "customer");
        (await kit.Client.GetAsync("/v1/invoices", ("status", "bogus"))).AssertError(HttpStatusCode.BadRequest, param: "status");
        (await kit.Client.GetAsync("/v1/invoices", ("subscription", "sub_x"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "subscription");
        (await kit.Client.GetAsync("/v1/invoices", ("starting_after", "in_nope"))).AssertError(HttpStatusCode.BadRequest, "resource_missing", "starting_after");
    }

    [Fact]
    public async Task Lines_are_embedded_up_to_ten_and_listed_in_order()
    {
        var customer = await _kit.CustomerAsync();
        var id = await _kit.DraftAsync(customer);
        var form = new List<(string, string)>();
        for (var i = 0; i < 12; i++)
        {
            form.Add(($"lines[{i}][amount]", (100 + i).ToString()));
            form.Add(($"lines[{i}][description]", $"line {i}"));
        }
        var inv = (await _kit.ActionAsync(id, "add_lines", form.ToArray())).AssertOk().Body;
        Assert.Equal(10, inv["lines"]!["data"]!.AsArray().Count);
        Assert.True(inv["lines"]!["has_more"]!.GetValue<bool>());
        Assert.Equal("line 0", Str(inv["lines"]!["data"]![0]!["description"]));
        Assert.Equal(Enumerable.Range(0, 12).Sum(i => 100 + i), Long(inv["total"]));

        var all = (await Client.GetAsync($"/v1/invoices/{id}/lines", ("limit", "100"))).AssertOk().Body;
        Assert.Equal($"/v1/invoices/{id}/lines", Str(all["url"]));
        var lines = all["data"]!.AsArray().Select(l => l!.AsObject()).ToList();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"line {i}"), lines.Select(l => Str(l["description"])));
        Assert.All(lines, l => Assert.StartsWith("il_", Str(l["id"])));
        var page = (await Client.GetAsync($"/v1/invoices/{id}/lines", ("limit", "5"), ("starting_after", Str(lines[4]["id"])))).AssertOk().Body;
        Assert.Equal(lines.Skip(5).Take(5).Select(l => Str(l["id"])), page["data"]!.AsArray().Select(l => Str(l!["id"])));
        Assert.True(page["has_more"]!.GetValue<bool>());
        var before = (await Client.GetAsync($"/v1/invoices/{id}/lines", ("limit", "3"), ("ending_before", Str(lines[4]["id"])))).AssertOk().Body;
        Assert.Equal(lines.Skip(1).Take(3).Select(l => Str(l["id"])), before["data"]!.AsArray().Select(l => Str(l!["id"])));
        Assert.True(before["has_more"]!.GetValue<bool>());
        (await Client.GetAsync("/v1/invoices/in_nope/lines")).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
        (await Client.GetAsync($"/v1/invoices/{id}/lines", ("starting_after", "il_nope"))).AssertError(HttpStatusCode.BadRequest, "resource_missing", "starting_after");
        (await Client.GetAsync($"/v1/invoices/{id}/lines", ("expand[]", "data.discounts"))).AssertOk();
    }
}
