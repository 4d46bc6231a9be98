using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary>Totals over several lines, quantities, decimals and credits; pending items; the customer balance.</summary>
[Collection(ServerCollection.Name)]
public sealed class InvoiceTotalsAndBalanceTests(ServerFixture fixture)
{
    private readonly InvoiceKit _kit = new(fixture.Client());
    private StripeTestClient Client => _kit.Client;

    private static void AssertTotals(JsonObject inv, long subtotal, long due, long paid, long remaining, long startingBalance)
    {
        Assert.Equal(subtotal, Long(inv["subtotal"]));
        Assert.Equal(subtotal, Long(inv["total"]));
        Assert.Equal(subtotal, Long(inv["subtotal_excluding_tax"]));
        Assert.Equal(subtotal, Long(inv["total_excluding_tax"]));
        Assert.Equal(due, Long(inv["amount_due"]));
        Assert.Equal(paid, Long(inv["amount_paid"]));
        Assert.Equal(remaining, Long(inv["amount_remaining"]));
        Assert.Equal(0, Long(inv["amount_overpaid"]));
        Assert.Equal(startingBalance, Long(inv["starting_balance"]));
        Assert.Equal("[]", inv["total_taxes"]!.ToJsonString());
        Assert.Equal("[]", inv["total_discount_amounts"]!.ToJsonString());
        Assert.Equal("[]", inv["discounts"]!.ToJsonString());
        Assert.Equal(0, Long(inv["amount_shipping"]));
    }

    [Fact]
    public async Task Totals_over_amounts_quantities_decimals_and_a_credit()
    {
        var customer = await _kit.CustomerAsync();
        var id = await _kit.DraftAsync(customer);
        var fixedItem = await _kit.ItemAsync(customer, id, ("amount", "1999"), ("description", "fixed"));
        var byQuantity = await _kit.ItemAsync(customer, id, ("unit_amount_decimal", "250"), ("quantity", "3"));
        var decimalItem = await _kit.ItemAsync(customer, id, ("unit_amount_decimal", "0.125"), ("quantity", "4")); // 0.5 → 1
        var fine = await _kit.ItemAsync(customer, id, ("unit_amount_decimal", "33.333333333333"), ("quantity", "7")); // 233.33… → 233
        var credit = await _kit.ItemAsync(customer, id, ("amount", "-500"), ("description", "credit"));

        Assert.Equal(1999, Long(fixedItem["amount"]));
        Assert.Equal("1999", Str(fixedItem["pricing"]!["unit_amount_decimal"]));
        Assert.Equal((750L, 3L), (Long(byQuantity["amount"]), Long(byQuantity["quantity"])));
        Assert.Equal("250", Str(byQuantity["pricing"]!["unit_amount_decimal"]));
        Assert.Equal(1, Long(decimalItem["amount"]));
        Assert.Equal("0.125", Str(decimalItem["pricing"]!["unit_amount_decimal"]));
        Assert.Equal(233, Long(fine["amount"]));
        Assert.Equal("33.333333333333", Str(fine["pricing"]!["unit_amount_decimal"]));
        Assert.Equal(-500, Long(credit["amount"]));

        var draft = await _kit.GetAsync(id);
        const long sum = 1999 + 750 + 1 + 233 - 500;
        AssertTotals(draft, sum, sum, 0, sum, 0);
        var lines = draft["lines"]!["data"]!.AsArray();
        Assert.Equal(5, lines.Count);
        Assert.Equal(sum, lines.Sum(l => Long(l!["amount"])));
        Assert.Equal("33.333333333333", Str(lines[3]!["pricing"]!["unit_amount_decimal"]));
        Assert.Equal(Str(fine["id"]), Str(lines[3]!["parent"]!["invoice_item_details"]!["invoice_item"]));

        var open = await _kit.FinalizeAsync(id);
        AssertTotals(open, sum, sum, 0, sum, 0);
        var paid = (await _kit.ActionAsync(id, "pay", ("paid_out_of_band", "true"))).AssertOk().Body;
        AssertTotals(paid, sum, sum, sum, 0, 0);
    }

    [Fact]
    public async Task Unit_amount_decimals_are_checked()
    {
        var customer = await _kit.CustomerAsync();
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("unit_amount_decimal", "1.0000000000001")))
            .AssertError(HttpStatusCode.BadRequest, param: "unit_amount_decimal");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("unit_amount_decimal", "abc")))
            .AssertError(HttpStatusCode.BadRequest, param: "unit_amount_decimal");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("unit_amount_decimal", "5"), ("quantity", "-1")))
            .AssertError(HttpStatusCode.BadRequest, param: "quantity");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "5"), ("quantity", "2")))
            .AssertError(HttpStatusCode.BadRequest, "parameters_exclusive");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "5"), ("unit_amount_decimal", "5")))
            .AssertError(HttpStatusCode.BadRequest, "parameters_exclusive");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "100000000")))
            .AssertError(HttpStatusCode.BadRequest, "amount_too_large", "amount");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("unit_amount_decimal", "99999999"), ("quantity", "2")))
            .AssertError(HttpStatusCode.BadRequest, "amount_too_large");
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer))).AssertError(HttpStatusCode.BadRequest, "parameter_missing", "amount");
        var zero = await _kit.ItemAsync(customer, null, ("unit_amount_decimal", "12.5"), ("quantity", "0"));
        Assert.Equal((0L, 0L), (Long(zero["amount"]), Long(zero["quantity"])));
        // A quantity alone gives no amount: Stripe refuses it rather than billing 0.
        (await Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("quantity", "3")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "amount");
    }

    [Fact]
    public async Task Pending_items_are_pulled_in_only_when_asked_and_in_the_invoice_currency()
    {
        var customer = await _kit.CustomerAsync();
        var other = await _kit.CustomerAsync();
        var a = await _kit.ItemAsync(customer, null, ("amount", "100"));
        var b = await _kit.ItemAsync(customer, null, ("amount", "250"));
        var eur = await _kit.ItemAsync(customer, null, ("amount", "999"), ("currency", "eur"));
        await _kit.ItemAsync(other, null, ("amount", "777"));
        Assert.Null(a["invoice"]);

        var excluded = await _kit.CreateInvoiceAsync(customer);
        Assert.Equal(0, Long(excluded["total"]));
        var explicitExclude = await _kit.CreateInvoiceAsync(customer, ("pending_invoice_items_behavior", "exclude"));
        Assert.Equal(0, Long(explicitExclude["total"]));

        var included = await _kit.CreateInvoiceAsync(customer, ("pending_invoice_items_behavior", "include"));
        var id = Str(included["id"]);
        Assert.Equal(350, Long(included["total"]));
        // Newest first, as Stripe sweeps them (recorded).
        Assert.Equal([Str(b["id"]), Str(a["id"])],
            included["lines"]!["data"]!.AsArray().Select(l => Str(l!["parent"]!["invoice_item_details"]!["invoice_item"])));
        Assert.Equal(id, Str((await Client.GetAsync($"/v1/invoiceitems/{a["id"]}")).AssertOk().Body["invoice"]));
        Assert.Null((await Client.GetAsync($"/v1/invoiceitems/{eur["id"]}")).AssertOk().Body["invoice"]);

        var again = await _kit.CreateInvoiceAsync(customer, ("pending_invoice_items_behavior", "include"));
        Assert.Equal(0, Long(again["total"]));
        var euros = await _kit.CreateInvoiceAsync(customer, ("pending_invoice_items_behavior", "include"), ("currency", "eur"));
        Assert.Equal(999, Long(euros["total"]));
    }

    [Fact]
    public async Task Customer_credit_is_applied_at_finalize_and_returned_on_void()
    {
        var customer = await _kit.CustomerAsync(("balance", "-300"));
        var id = await _kit.DraftAsync(customer);
        await _kit.ItemAsync(customer, id, ("amount", "1000"));
        var draft = await _kit.GetAsync(id);
        AssertTotals(draft, 1000, 700, 0, 700, -300);
        Assert.Null(draft["ending_balance"]);

        // Until finalize the draft follows the customer's balance.
        (await Client.PostAsync($"/v1/customers/{customer}", ("balance", "-400"))).AssertOk();
        AssertTotals(await _kit.GetAsync(id), 1000, 600, 0, 600, -400);

        var open = await _kit.FinalizeAsync(id);
        AssertTotals(open, 1000, 600, 0, 600, -400);
        Assert.Equal(0, Long(open["ending_balance"]));
        Assert.Equal(0, Long((await Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["balance"]));

        // Frozen now: a later balance change does not move it.
        (await Client.PostAsync($"/v1/customers/{customer}", ("balance", "-50"))).AssertOk();
        AssertTotals(await _kit.GetAsync(id), 1000, 600, 0, 600, -400);

        var ledger = (await Client.GetAsync($"/v1/customers/{customer}/balance_transactions")).AssertOk().Body;
        // Newest first: the later direct change (an adjustment), the invoice's, the draft-time change, the starting balance.
        Assert.Equal(["adjustment", "applied_to_invoice", "adjustment", "initial"], ledger["data"]!.AsArray().Select(t => Str(t!["type"])));
        var applied = ledger["data"]!.AsArray().Single(t => Str(t!["type"]) == "applied_to_invoice")!.AsObject();
        Assert.StartsWith("cbtxn_", Str(applied["id"]));
        Assert.Equal("customer_balance_transaction", Str(applied["object"]));
        Assert.Equal("applied_to_invoice", Str(applied["type"]));
        Assert.Equal(400, Long(applied["amount"]));
        Assert.Equal(0, Long(applied["ending_balance"]));
        Assert.Equal(id, Str(applied["invoice"]));
        Assert.Equal(customer, Str(applied["customer"]));
        Assert.Equal("usd", Str(applied["currency"]));

        (await _kit.ActionAsync(id, "void")).AssertOk();
        Assert.Equal(-450, Long((await Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["balance"]));
        var after = (await Client.GetAsync($"/v1/customers/{customer}/balance_transactions")).AssertOk().Body["data"]!.AsArray();
        Assert.Equal(5, after.Count);
        var unapplied = after[0]!.AsObject();
        Assert.Equal("unapplied_from_invoice", Str(unapplied["type"]));
        Assert.Equal(-400, Long(unapplied["amount"]));
        Assert.Equal(-450, Long(unapplied["ending_balance"]));
        Assert.Equal(id, Str(unapplied["invoice"]));

        var one = (await Client.GetAsync($"/v1/customers/{customer}/balance_transactions/{unapplied["id"]}", ("expand[]", "invoice"), ("expand[]", "customer"))).AssertOk().Body;
        Assert.Equal(id, Str(one["invoice"]!["id"]));
        Assert.Equal(customer, Str(one["customer"]!["id"]));
        Assert.Single((await Client.GetAsync($"/v1/customers/{customer}/balance_transactions", ("invoice", id), ("limit", "1"))).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Credit_covering_the_whole_invoice_pays_it_at_finalize_and_keeps_the_rest()
    {
        var customer = await _kit.CustomerAsync(("balance", "-1500"));
        var id = await _kit.DraftAsync(customer);
        await _kit.ItemAsync(customer, id, ("amount", "1000"));
        var paid = await _kit.FinalizeAsync(id);
        Assert.Equal("paid", Str(paid["status"]));
        AssertTotals(paid, 1000, 0, 0, 0, -1500);
        Assert.Equal(-500, Long(paid["ending_balance"]));
        Assert.Equal(-500, Long((await Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["balance"]));
    }

    [Fact]
    public async Task A_debit_balance_is_added_and_a_credit_invoice_becomes_credit()
    {
        var owes = await _kit.CustomerAsync(("balance", "200"));
        var id = await _kit.DraftAsync(owes);
        await _kit.ItemAsync(owes, id, ("amount", "1000"));
        var open = await _kit.FinalizeAsync(id);
        AssertTotals(open, 1000, 1200, 0, 1200, 200);
        Assert.Equal(0, Long((await Client.GetAsync($"/v1/customers/{owes}")).AssertOk().Body["balance"]));

        var refund = await _kit.CustomerAsync();
        var creditNote = await _kit.DraftAsync(refund);
        await _kit.ItemAsync(refund, creditNote, ("amount", "-400"));
        var done = await _kit.FinalizeAsync(creditNote);
        Assert.Equal("paid", Str(done["status"]));
        Assert.Equal(-400, Long(done["total"]));
        Assert.Equal(0, Long(done["amount_due"]));
        Assert.Equal(-400, Long(done["ending_balance"]));
        Assert.Equal(-400, Long((await Client.GetAsync($"/v1/customers/{refund}")).AssertOk().Body["balance"]));
    }

    [Fact]
    public async Task No_balance_no_ledger_entry_and_ledger_404s()
    {
        var (customer, id) = await _kit.OpenInvoiceAsync();
        Assert.Empty((await Client.GetAsync($"/v1/customers/{customer}/balance_transactions")).AssertOk().Body["data"]!.AsArray());
        (await _kit.ActionAsync(id, "void")).AssertOk();
        Assert.Empty((await Client.GetAsync($"/v1/customers/{customer}/balance_transactions")).AssertOk().Body["data"]!.AsArray());
        (await Client.GetAsync("/v1/customers/cus_nope/balance_transactions")).AssertError(HttpStatusCode.NotFound, "resource_missing", "customer");
        (await Client.GetAsync($"/v1/customers/{customer}/balance_transactions/cbtxn_nope")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
    }
}
