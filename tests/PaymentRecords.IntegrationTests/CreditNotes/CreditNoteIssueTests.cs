using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.CreditNotes.CreditNoteKit;

namespace PaymentRecords.IntegrationTests.CreditNotes;

/// <summary>Issuing credit notes: amounts, lines, the pre/post-payment split, and what the invoice and customer show.</summary>
[Collection(ServerCollection.Name)]
public sealed class CreditNoteIssueTests(ServerFixture fixture)
{
    private readonly CreditNoteKit _kit = new(fixture);

    [Fact]
    public async Task An_amount_only_note_on_an_open_invoice_is_pre_payment_with_one_custom_line()
    {
        var (customer, invoice) = await _kit.OpenInvoiceAsync(1000);
        var inv = await _kit.Invoices.GetAsync(invoice);
        var note = await _kit.IssueAsync(("invoice", invoice), ("amount", "300"), ("memo", "Goodwill"), ("reason", "order_change"),
            ("metadata[k]", "v"), ("email_type", "none"));

        Assert.StartsWith("cn_", Str(note["id"]));
        Assert.Equal("credit_note", Str(note["object"]));
        Assert.Equal(Str(inv["number"]) + "-CN-01", Str(note["number"]));
        Assert.Equal(300, Long(note["amount"]));
        Assert.Equal(300, Long(note["subtotal"]));
        Assert.Equal(300, Long(note["total"]));
        Assert.Equal(300, Long(note["pre_payment_amount"]));
        Assert.Equal(0, Long(note["post_payment_amount"]));
        Assert.Equal("pre_payment", Str(note["type"]));
        Assert.Equal("issued", Str(note["status"]));
        Assert.Equal(customer, Str(note["customer"]));
        Assert.Equal(invoice, Str(note["invoice"]));
        Assert.Equal("usd", Str(note["currency"]));
        Assert.Equal("Goodwill", Str(note["memo"]));
        Assert.Equal("order_change", Str(note["reason"]));
        Assert.Equal("v", Str(note["metadata"]!["k"]));
        Assert.Equal(Long(note["created"]), Long(note["effective_at"]));
        Assert.Null(note["out_of_band_amount"]);
        Assert.Null(note["customer_balance_transaction"]);
        Assert.Null(note["voided_at"]);
        Assert.Empty(note["refunds"]!.AsArray());

        var line = Assert.Single(note["lines"]!["data"]!.AsArray())!.AsObject();
        Assert.StartsWith("cnli_", Str(line["id"]));
        Assert.Equal("custom_line_item", Str(line["type"]));
        Assert.Equal(300, Long(line["amount"]));
        Assert.Equal(1, Long(line["quantity"]));
        Assert.Equal(300, Long(line["unit_amount"]));
        Assert.Equal("300", Str(line["unit_amount_decimal"]));
        Assert.False(line.ContainsKey("invoice_line_item"));
        Assert.Equal($"/v1/credit_notes/{Str(note["id"])}/lines", Str(note["lines"]!["url"]));

        inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal("open", Str(inv["status"]));
        Assert.Equal(300, Long(inv["pre_payment_credit_notes_amount"]));
        Assert.Equal(0, Long(inv["post_payment_credit_notes_amount"]));
        Assert.Equal(700, Long(inv["amount_due"]));
        Assert.Equal(700, Long(inv["amount_remaining"]));
        Assert.Equal(1000, Long(inv["total"]));
    }

    [Fact]
    public async Task Notes_are_numbered_per_invoice()
    {
        var (_, first) = await _kit.OpenInvoiceAsync(1000);
        var (_, second) = await _kit.OpenInvoiceAsync(1000);
        var a1 = await _kit.IssueAsync(("invoice", first), ("amount", "100"));
        var a2 = await _kit.IssueAsync(("invoice", first), ("amount", "100"));
        var b1 = await _kit.IssueAsync(("invoice", second), ("amount", "100"));
        var firstNumber = Str((await _kit.Invoices.GetAsync(first))["number"]);
        Assert.Equal(firstNumber + "-CN-01", Str(a1["number"]));
        Assert.Equal(firstNumber + "-CN-02", Str(a2["number"]));
        Assert.Equal(Str((await _kit.Invoices.GetAsync(second))["number"]) + "-CN-01", Str(b1["number"]));
        // A voided note keeps its number: the next one does not reuse it.
        (await _kit.VoidAsync(Str(a2["id"]))).AssertOk();
        Assert.Equal(firstNumber + "-CN-03", Str((await _kit.IssueAsync(("invoice", first), ("amount", "100")))["number"]));
        Assert.Matches("^[A-Z0-9]{8}-0001-CN-0[1-3]$", Str(a1["number"]));
    }

    /// <summary>An open invoice of two lines: 4 seats at 250, and a setup of 1000; their line ids.</summary>
    private async Task<(string Invoice, string Seats, string Setup)> SeatsAndSetupAsync()
    {
        var customer = await _kit.Invoices.CustomerAsync();
        var invoice = await _kit.Invoices.DraftAsync(customer);
        await _kit.Invoices.ItemAsync(customer, invoice, ("unit_amount_decimal", "250"), ("quantity", "4"), ("description", "Seats"));
        await _kit.Invoices.ItemAsync(customer, invoice, ("amount", "1000"), ("description", "Setup"));
        await _kit.Invoices.FinalizeAsync(invoice);
        var lines = (await _kit.Client.GetAsync($"/v1/invoices/{invoice}/lines")).AssertOk().Body["data"]!.AsArray();
        return (invoice, Str(lines[0]!["id"]), Str(lines[1]!["id"]));
    }

    [Fact]
    public async Task A_line_credited_by_quantity_is_credited_by_quantity_again_up_to_what_is_left()
    {
        // "If you discount a line item quantity, then a future credit note can only discount that line item by
        // quantity, not by amount" (and the other way round).
        var (invoice, seats, setup) = await SeatsAndSetupAsync();
        (string, string)[] Line(string id, string key, string value) =>
            [("invoice", invoice), ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", id), ($"lines[0][{key}]", value)];

        await _kit.IssueAsync(Line(seats, "quantity", "3"));
        var byAmount = (await _kit.CreateAsync(Line(seats, "amount", "100"))).AssertError(System.Net.HttpStatusCode.BadRequest, param: "lines[0][amount]");
        Assert.Contains($"invoice line {seats} was credited by quantity before", byAmount.ErrorMessage);
        var tooMany = (await _kit.CreateAsync(Line(seats, "quantity", "2"))).AssertError(System.Net.HttpStatusCode.BadRequest, param: "lines[0][quantity]");
        Assert.Contains("(1)", tooMany.ErrorMessage);
        await _kit.IssueAsync(Line(seats, "quantity", "1"));

        await _kit.IssueAsync(Line(setup, "amount", "100"));
        (await _kit.CreateAsync(Line(setup, "quantity", "1"))).AssertError(System.Net.HttpStatusCode.BadRequest, param: "lines[0][quantity]");
        // Within one note too.
        (await _kit.CreateAsync([.. Line(setup, "amount", "100"), ("lines[1][type]", "invoice_line_item"), ("lines[1][invoice_line_item]", setup),
            ("lines[1][quantity]", "1")])).AssertError(System.Net.HttpStatusCode.BadRequest, param: "lines[1][quantity]");
        await _kit.IssueAsync(Line(setup, "amount", "900"));
    }

    [Fact]
    public async Task A_negative_invoice_line_is_credited_with_negative_amounts_down_to_its_own()
    {
        // "You can credit a negative amount to a negative invoice_line_item using either the amount or quantity
        // parameters ... The total amount credited to a negative line item must be negative ... can't be less than the
        // line item amount."
        var customer = await _kit.Invoices.CustomerAsync();
        var invoice = await _kit.Invoices.DraftAsync(customer);
        await _kit.Invoices.ItemAsync(customer, invoice, ("amount", "2000"), ("description", "Plan"));
        await _kit.Invoices.ItemAsync(customer, invoice, ("amount", "-200"), ("description", "Discount"));
        await _kit.Invoices.ItemAsync(customer, invoice, ("unit_amount_decimal", "-100"), ("quantity", "3"), ("description", "Coupons"));
        await _kit.Invoices.FinalizeAsync(invoice);
        var lines = (await _kit.Client.GetAsync($"/v1/invoices/{invoice}/lines")).AssertOk().Body["data"]!.AsArray();
        var (plan, discount, coupons) = (Str(lines[0]!["id"]), Str(lines[1]!["id"]), Str(lines[2]!["id"]));
        (string, string)[] Lines(string planAmount, string negative, string key, string value) =>
            [("invoice", invoice), ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", plan), ("lines[0][amount]", planAmount),
             ("lines[1][type]", "invoice_line_item"), ("lines[1][invoice_line_item]", negative), ($"lines[1][{key}]", value)];

        var note = await _kit.IssueAsync(Lines("500", discount, "amount", "-50"));
        Assert.Equal((450L, -50L), (Long(note["amount"]), Long(note["lines"]!["data"]![1]!["amount"])));
        // What is left on the discount line is -150: a positive amount, or less than -150, is refused.
        (await _kit.CreateAsync(Lines("100", discount, "amount", "50"))).AssertError(System.Net.HttpStatusCode.BadRequest, param: "lines[1][amount]");
        var beyond = (await _kit.CreateAsync(Lines("300", discount, "amount", "-200"))).AssertError(System.Net.HttpStatusCode.BadRequest, param: "lines[1][amount]");
        Assert.Contains("(-150)", beyond.ErrorMessage);
        await _kit.IssueAsync(Lines("300", discount, "amount", "-150"));
        // By quantity: two coupons of -100, and no more than the three there are.
        var byQuantity = await _kit.IssueAsync(Lines("400", coupons, "quantity", "2"));
        Assert.Equal((200L, -200L), (Long(byQuantity["amount"]), Long(byQuantity["lines"]!["data"]![1]!["amount"])));
        (await _kit.CreateAsync(Lines("400", coupons, "quantity", "2"))).AssertError(System.Net.HttpStatusCode.BadRequest, param: "lines[1][quantity]");
        // A positive line still takes no negative amount, and a note's total stays positive.
        (await _kit.CreateAsync(("invoice", invoice), ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", plan),
            ("lines[0][amount]", "-10"))).AssertError(System.Net.HttpStatusCode.BadRequest, "amount_too_small", "lines[0][amount]");
        (await _kit.CreateAsync(Lines("50", coupons, "quantity", "1"))).AssertError(System.Net.HttpStatusCode.BadRequest);
        Assert.Equal(450 + 150 + 200, Long((await _kit.Invoices.GetAsync(invoice))["pre_payment_credit_notes_amount"]));
    }

    [Fact]
    public async Task Lines_credit_invoice_lines_by_amount_or_quantity_and_custom_lines_by_unit_times_quantity()
    {
        var (invoice, seats, setup) = await SeatsAndSetupAsync();

        var note = await _kit.IssueAsync(("invoice", invoice),
            ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", seats), ("lines[0][quantity]", "2"),
            ("lines[1][type]", "invoice_line_item"), ("lines[1][invoice_line_item]", setup), ("lines[1][amount]", "150"),
            ("lines[2][type]", "custom_line_item"), ("lines[2][unit_amount_decimal]", "12.5"), ("lines[2][quantity]", "3"),
            ("lines[2][description]", "Late delivery"),
            ("lines[3][type]", "custom_line_item"), ("lines[3][unit_amount]", "40"));
        Assert.Equal(500 + 150 + 38 + 40, Long(note["amount"]));
        var data = note["lines"]!["data"]!.AsArray().Select(l => l!.AsObject()).ToList();
        Assert.Equal(4, data.Count);

        Assert.Equal("invoice_line_item", Str(data[0]["type"]));
        Assert.Equal(seats, Str(data[0]["invoice_line_item"]));
        Assert.Equal(500, Long(data[0]["amount"]));
        Assert.Equal(2, Long(data[0]["quantity"]));
        Assert.Equal("Seats", Str(data[0]["description"]));
        Assert.Null(data[0]["unit_amount"]);

        Assert.Equal(setup, Str(data[1]["invoice_line_item"]));
        Assert.Equal(150, Long(data[1]["amount"]));
        Assert.Null(data[1]["quantity"]);

        Assert.Equal("custom_line_item", Str(data[2]["type"]));
        Assert.Equal(38, Long(data[2]["amount"]));
        Assert.Equal("12.5", Str(data[2]["unit_amount_decimal"]));
        Assert.Null(data[2]["unit_amount"]);
        Assert.Equal(3, Long(data[2]["quantity"]));
        Assert.Equal("Late delivery", Str(data[2]["description"]));

        Assert.Equal(40, Long(data[3]["amount"]));
        Assert.Equal(40, Long(data[3]["unit_amount"]));
        Assert.Equal("40", Str(data[3]["unit_amount_decimal"]));
        Assert.Equal(1, Long(data[3]["quantity"]));
        Assert.Null(data[3]["description"]);

        // amount and lines together must agree.
        var agreed = await _kit.IssueAsync(("invoice", invoice), ("amount", "100"),
            ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", setup), ("lines[0][amount]", "100"));
        Assert.Equal(100, Long(agreed["amount"]));
        // What is left to credit on a line shrinks with each live note: 1000 − 150 − 100 = 750.
        (await _kit.CreateAsync(("invoice", invoice), ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", setup),
            ("lines[0][amount]", "751"))).AssertError(System.Net.HttpStatusCode.BadRequest, "amount_too_large", "lines[0][amount]");
        (await _kit.CreateAsync(("invoice", invoice), ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", setup),
            ("lines[0][amount]", "750"))).AssertOk();
    }

    [Fact]
    public async Task A_note_on_a_paid_invoice_is_post_payment_and_credit_amount_credits_the_customer_balance()
    {
        var (customer, invoice) = await _kit.PaidInvoiceAsync(1000);
        var note = await _kit.IssueAsync(("invoice", invoice), ("amount", "400"), ("credit_amount", "250"), ("out_of_band_amount", "150"));
        Assert.Equal(0, Long(note["pre_payment_amount"]));
        Assert.Equal(400, Long(note["post_payment_amount"]));
        Assert.Equal("post_payment", Str(note["type"]));
        Assert.Equal(150, Long(note["out_of_band_amount"]));

        var transactionId = Str(note["customer_balance_transaction"]);
        Assert.StartsWith("cbtxn_", transactionId);
        Assert.Equal(-250, await _kit.BalanceAsync(customer));
        var events = (await _kit.Invoices.EventsAsync()).TakeLast(3).ToList();
        Assert.Equal(["credit_note.created", "invoice.updated", "customer.updated"], events.Select(e => Str(e["type"])));
        Assert.Equal(-250, Long(events[2]["data"]!["object"]!["balance"]));
        Assert.Equal("""{"balance":0}""", events[2]["data"]!["previous_attributes"]!.ToJsonString());
        var transaction = (await _kit.LedgerAsync(customer)).Single(t => Str(t["id"]) == transactionId);
        Assert.Equal("credit_note", Str(transaction["type"]));
        Assert.Equal(-250, Long(transaction["amount"]));
        Assert.Equal(-250, Long(transaction["ending_balance"]));
        Assert.Equal(Str(note["id"]), Str(transaction["credit_note"]));
        Assert.Equal(invoice, Str(transaction["invoice"]));

        var inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal("paid", Str(inv["status"]));
        Assert.Equal(0, Long(inv["pre_payment_credit_notes_amount"]));
        Assert.Equal(400, Long(inv["post_payment_credit_notes_amount"]));
        Assert.Equal(1000, Long(inv["amount_paid"]));
        Assert.Equal(0, Long(inv["amount_remaining"]));

        // expand[] reaches the balance transaction, and the transaction's credit_note.
        var expanded = (await _kit.Client.GetAsync($"/v1/credit_notes/{Str(note["id"])}", ("expand[]", "customer_balance_transaction"),
            ("expand[]", "customer"), ("expand[]", "invoice"))).AssertOk().Body;
        Assert.Equal(-250, Long(expanded["customer_balance_transaction"]!["amount"]));
        Assert.Equal("customer", Str(expanded["customer"]!["object"]));
        Assert.Equal("invoice", Str(expanded["invoice"]!["object"]));
        var back = (await _kit.Client.GetAsync($"/v1/customers/{customer}/balance_transactions/{transactionId}", ("expand[]", "credit_note"))).AssertOk().Body;
        Assert.Equal("credit_note", Str(back["credit_note"]!["object"]));
    }

    [Fact]
    public async Task Pre_payment_then_post_payment_notes_each_raise_their_invoice_total()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        var pre = await _kit.IssueAsync(("invoice", invoice), ("amount", "400"));
        Assert.Equal("pre_payment", Str(pre["type"]));
        (await _kit.Invoices.ActionAsync(invoice, "pay", ("paid_out_of_band", "true"))).AssertOk();
        var inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal(600, Long(inv["amount_paid"]));
        var post = await _kit.IssueAsync(("invoice", invoice), ("amount", "600"), ("out_of_band_amount", "600"));
        Assert.Equal("post_payment", Str(post["type"]));
        inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal(400, Long(inv["pre_payment_credit_notes_amount"]));
        Assert.Equal(600, Long(inv["post_payment_credit_notes_amount"]));
        // Σ notes = total: nothing more can be credited.
        (await _kit.CreateAsync(("invoice", invoice), ("amount", "1"), ("out_of_band_amount", "1")))
            .AssertError(System.Net.HttpStatusCode.BadRequest, "amount_too_large", "amount");
    }

    [Fact]
    public async Task A_note_on_a_partly_paid_invoice_lowers_amount_remaining_first_then_is_post_payment_mixed()
    {
        // 1000 invoice, 600 paid by a payment record, 400 remaining; 300 of the 600 refunded through the processor.
        var (_, invoice, record) = await _kit.PaidByRecordAsync(1000, 300, "mixed-refund", paidByRecord: 600);
        var inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal("open", Str(inv["status"]));
        Assert.Equal(400, Long(inv["amount_remaining"]));
        var note = await _kit.IssueAsync([("invoice", invoice), ("amount", "700"), .. Cite(0, record, "mixed-refund")]);
        Assert.Equal(400, Long(note["pre_payment_amount"]));
        Assert.Equal(300, Long(note["post_payment_amount"]));
        Assert.Equal("mixed", Str(note["type"]));
        Assert.Equal(300, Long(note["refunds"]![0]!["amount_refunded"]));
        inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal("paid", Str(inv["status"]));
        Assert.Equal(0, Long(inv["amount_remaining"]));
        Assert.Equal(400, Long(inv["pre_payment_credit_notes_amount"]));
        Assert.Equal(300, Long(inv["post_payment_credit_notes_amount"]));
    }

    [Fact]
    public async Task An_uncollectible_invoice_takes_credit_notes()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000, ("balance", "200"));
        var inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal(1200, Long(inv["amount_due"]));
        (await _kit.Invoices.ActionAsync(invoice, "mark_uncollectible")).AssertOk();
        var note = await _kit.IssueAsync(("invoice", invoice), ("amount", "1000"));
        Assert.Equal(1000, Long(note["pre_payment_amount"]));
        inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal("uncollectible", Str(inv["status"]));
        Assert.Equal(200, Long(inv["amount_remaining"]));
    }

    [Fact]
    public async Task A_note_that_leaves_nothing_to_pay_pays_the_invoice()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        await _kit.IssueAsync(("invoice", invoice), ("amount", "400"));
        var note = await _kit.IssueAsync(("invoice", invoice), ("amount", "600"));
        Assert.Equal("pre_payment", Str(note["type"]));
        var inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal("paid", Str(inv["status"]));
        Assert.NotNull(inv["status_transitions"]!["paid_at"]);
        Assert.Equal(0, Long(inv["amount_due"]));
        Assert.Equal(0, Long(inv["amount_remaining"]));
        Assert.Equal(0, Long(inv["amount_paid"]));
        Assert.Equal(1000, Long(inv["pre_payment_credit_notes_amount"]));

        var events = await _kit.Invoices.EventsAsync("credit_note.created", "invoice.updated", "invoice.paid");
        var last = events.TakeLast(3).Select(e => Str(e["type"])).ToList();
        Assert.Equal(["credit_note.created", "invoice.updated", "invoice.paid"], last);
        Assert.Equal(Str(note["id"]), Str(events[^3]["data"]!["object"]!["id"]));
        var updated = events[^2]["data"]!.AsObject();
        Assert.Equal("open", Str(updated["previous_attributes"]!["status"]));
        Assert.Equal(400, Long(updated["previous_attributes"]!["pre_payment_credit_notes_amount"]));
        Assert.Equal("paid", Str(events[^1]["data"]!["object"]!["status"]));

        // An uncollectible invoice credited in full becomes paid too.
        var (_, other) = await _kit.OpenInvoiceAsync(500);
        (await _kit.Invoices.ActionAsync(other, "mark_uncollectible")).AssertOk();
        await _kit.IssueAsync(("invoice", other), ("amount", "500"));
        Assert.Equal("paid", Str((await _kit.Invoices.GetAsync(other))["status"]));
    }

    [Fact]
    public async Task After_a_customer_credit_paid_part_of_the_invoice_the_whole_total_can_still_be_credited()
    {
        // total 1000, customer credit 300 applied: 700 due and paid. As Stripe's example has it ("Anything above 50 USD
        // is added to the customer's credit balance"), Σ notes ≤ the total, whatever part was paid.
        var (customer, invoice) = await _kit.PaidInvoiceAsync(1000, ("balance", "-300"));
        var inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal(700, Long(inv["amount_paid"]));
        var refunded = await _kit.IssueAsync(("invoice", invoice), ("amount", "700"), ("out_of_band_amount", "700"));
        Assert.Equal(700, Long(refunded["post_payment_amount"]));
        var credited = await _kit.IssueAsync(("invoice", invoice), ("amount", "300"), ("credit_amount", "300"));
        Assert.Equal(300, Long(credited["post_payment_amount"]));
        Assert.Equal(-300, await _kit.BalanceAsync(customer));
        (await _kit.CreateAsync(("invoice", invoice), ("amount", "1"), ("out_of_band_amount", "1")))
            .AssertError(System.Net.HttpStatusCode.BadRequest, "amount_too_large", "amount");
    }

    [Fact]
    public async Task Update_changes_memo_and_metadata_only_and_emits_credit_note_updated()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        var note = await _kit.IssueAsync(("invoice", invoice), ("amount", "100"), ("metadata[a]", "1"));
        var id = Str(note["id"]);
        var updated = (await _kit.Client.PostAsync($"/v1/credit_notes/{id}", ("memo", "New memo"), ("metadata[b]", "2"), ("metadata[a]", ""))).AssertOk().Body;
        Assert.Equal("New memo", Str(updated["memo"]));
        Assert.Equal("2", Str(updated["metadata"]!["b"]));
        Assert.Null(updated["metadata"]!["a"]);
        Assert.Equal(100, Long(updated["amount"]));
        var ev = (await _kit.Invoices.EventsAsync("credit_note.updated")).Single();
        Assert.Null(ev["data"]!["previous_attributes"]!["memo"]);
        Assert.Equal("1", Str(ev["data"]!["previous_attributes"]!["metadata"]!["a"]));
        (await _kit.Client.PostAsync($"/v1/credit_notes/{id}", ("amount", "5"))).AssertError(System.Net.HttpStatusCode.BadRequest, "parameter_unknown", "amount");
        // Nothing changed: no event.
        (await _kit.Client.PostAsync($"/v1/credit_notes/{id}", ("memo", "New memo"))).AssertOk();
        Assert.Single(await _kit.Invoices.EventsAsync("credit_note.updated"));
        (await _kit.Client.PostAsync("/v1/credit_notes/cn_missing", ("memo", "x"))).AssertError(System.Net.HttpStatusCode.NotFound, "resource_missing", "id");
    }

    [Fact]
    public async Task Retrieve_list_filters_and_pagination()
    {
        var kit = new CreditNoteKit(fixture);
        var (customerA, invoiceA) = await kit.OpenInvoiceAsync(1000);
        var (customerB, invoiceB) = await kit.OpenInvoiceAsync(1000);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(Str((await kit.IssueAsync(("invoice", invoiceA), ("amount", "10")))["id"]));
        var onB = Str((await kit.IssueAsync(("invoice", invoiceB), ("amount", "10")))["id"]);

        var all = (await kit.Client.GetAsync("/v1/credit_notes")).AssertOk().Body;
        Assert.Equal("/v1/credit_notes", Str(all["url"]));
        Assert.Equal([onB, ids[2], ids[1], ids[0]], all["data"]!.AsArray().Select(n => Str(n!["id"])));
        var byInvoice = (await kit.Client.GetAsync("/v1/credit_notes", ("invoice", invoiceA), ("limit", "2"))).AssertOk().Body;
        Assert.Equal([ids[2], ids[1]], byInvoice["data"]!.AsArray().Select(n => Str(n!["id"])));
        Assert.True(byInvoice["has_more"]!.GetValue<bool>());
        var next = (await kit.Client.GetAsync("/v1/credit_notes", ("invoice", invoiceA), ("starting_after", ids[1]))).AssertOk().Body;
        Assert.Equal([ids[0]], next["data"]!.AsArray().Select(n => Str(n!["id"])));
        Assert.False(next["has_more"]!.GetValue<bool>());
        var before = (await kit.Client.GetAsync("/v1/credit_notes", ("ending_before", ids[0]), ("limit", "2"))).AssertOk().Body;
        Assert.Equal([ids[2], ids[1]], before["data"]!.AsArray().Select(n => Str(n!["id"])));
        var byCustomer = (await kit.Client.GetAsync("/v1/credit_notes", ("customer", customerB))).AssertOk().Body;
        Assert.Equal([onB], byCustomer["data"]!.AsArray().Select(n => Str(n!["id"])));
        var created = Long(all["data"]![0]!["created"]);
        Assert.Equal(4, (await kit.Client.GetAsync("/v1/credit_notes", ("created[lte]", created.ToString()))).AssertOk().Body["data"]!.AsArray().Count);
        Assert.Empty((await kit.Client.GetAsync("/v1/credit_notes", ("created[gt]", created.ToString()))).AssertOk().Body["data"]!.AsArray());
        var expanded = (await kit.Client.GetAsync("/v1/credit_notes", ("expand[]", "data.invoice"), ("limit", "1"))).AssertOk().Body;
        Assert.Equal("invoice", Str(expanded["data"]![0]!["invoice"]!["object"]));

        (await kit.Client.GetAsync("/v1/credit_notes", ("invoice", "in_missing"))).AssertError(System.Net.HttpStatusCode.NotFound, "resource_missing", "invoice");
        (await kit.Client.GetAsync("/v1/credit_notes", ("customer", "cus_missing"))).AssertError(System.Net.HttpStatusCode.NotFound, "resource_missing", "customer");
        (await kit.Client.GetAsync("/v1/credit_notes/cn_missing")).AssertError(System.Net.HttpStatusCode.NotFound, "resource_missing", "id");
        // Another account sees none of them.
        var stranger = fixture.Client();
        Assert.Empty((await stranger.GetAsync("/v1/credit_notes")).AssertOk().Body["data"]!.AsArray());
        (await stranger.GetAsync($"/v1/credit_notes/{onB}")).AssertError(System.Net.HttpStatusCode.NotFound, "resource_missing");
        Assert.Equal(onB, Str((await kit.GetAsync(onB))["id"]));
        Assert.NotNull(customerA);
    }

    [Fact]
    public async Task Lines_of_a_note_are_paginated_in_order()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(100_000);
        var form = new List<(string, string)> { ("invoice", invoice) };
        for (var i = 0; i < 12; i++)
        {
            form.Add(($"lines[{i}][type]", "custom_line_item"));
            form.Add(($"lines[{i}][unit_amount]", (i + 1).ToString()));
            form.Add(($"lines[{i}][description]", $"line {i}"));
        }
        var note = await _kit.IssueAsync([.. form]);
        var embedded = note["lines"]!.AsObject();
        Assert.Equal(10, embedded["data"]!.AsArray().Count);
        Assert.True(embedded["has_more"]!.GetValue<bool>());
        Assert.Equal(78, Long(note["amount"]));

        var id = Str(note["id"]);
        var page1 = (await _kit.Client.GetAsync($"/v1/credit_notes/{id}/lines", ("limit", "5"))).AssertOk().Body;
        Assert.Equal($"/v1/credit_notes/{id}/lines", Str(page1["url"]));
        var first = page1["data"]!.AsArray().Select(l => Str(l!["description"])).ToList();
        Assert.Equal(["line 0", "line 1", "line 2", "line 3", "line 4"], first);
        Assert.True(page1["has_more"]!.GetValue<bool>());
        var lastId = Str(page1["data"]![4]!["id"]);
        var page2 = (await _kit.Client.GetAsync($"/v1/credit_notes/{id}/lines", ("limit", "10"), ("starting_after", lastId))).AssertOk().Body;
        Assert.Equal(7, page2["data"]!.AsArray().Count);
        Assert.False(page2["has_more"]!.GetValue<bool>());
        var back = (await _kit.Client.GetAsync($"/v1/credit_notes/{id}/lines", ("limit", "2"), ("ending_before", lastId))).AssertOk().Body;
        Assert.Equal(["line 2", "line 3"], back["data"]!.AsArray().Select(l => Str(l!["description"])));
        Assert.True(back["has_more"]!.GetValue<bool>());
        (await _kit.Client.GetAsync("/v1/credit_notes/cn_missing/lines")).AssertError(System.Net.HttpStatusCode.NotFound, "resource_missing", "credit_note");
        (await _kit.Client.GetAsync($"/v1/credit_notes/{id}/lines", ("starting_after", "cnli_missing"))).AssertError(System.Net.HttpStatusCode.BadRequest, "resource_missing", "starting_after");
    }

    [Fact]
    public async Task Idempotent_create_replays_and_issues_once()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        var first = (await _kit.Client.PostIdempotentAsync("/v1/credit_notes", "cn-key-1", ("invoice", invoice), ("amount", "100"))).AssertOk();
        var again = (await _kit.Client.PostIdempotentAsync("/v1/credit_notes", "cn-key-1", ("invoice", invoice), ("amount", "100"))).AssertOk();
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
        Assert.Equal(100, Long((await _kit.Invoices.GetAsync(invoice))["pre_payment_credit_notes_amount"]));
        Assert.Single((await _kit.Client.GetAsync("/v1/credit_notes", ("invoice", invoice))).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Issuing_costs_a_bounded_number_of_round_trips()
    {
        async Task<long> CountAsync(Func<Task> request)
        {
            // Test classes of this collection run one at a time, so the counter only moves for this request.
            var before = fixture.Server.RoundTrips.Count;
            await request();
            return fixture.Server.RoundTrips.Count - before;
        }
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        var byAmount = await CountAsync(async () => await _kit.IssueAsync(("invoice", invoice), ("amount", "100")));
        var group = "rt-" + Guid.NewGuid().ToString("N");
        var (_, paid, record) = await _kit.PaidByRecordAsync(1000, 500, group);
        var byRefund = await CountAsync(async () => await _kit.IssueAsync([("invoice", paid), .. Cite(0, record, group)]));
        Console.WriteLine($"round trips: amount {byAmount}, one refund citation {byRefund}");
        Assert.InRange(byAmount, 1, 6);
        Assert.InRange(byRefund, 1, 10);
    }

    internal static JsonObject Without(JsonObject obj, params string[] keys)
    {
        var copy = obj.DeepClone().AsObject();
        foreach (var key in keys) copy.Remove(key);
        return copy;
    }
}
