using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.CreditNotes.CreditNoteKit;

namespace PaymentRecords.IntegrationTests.CreditNotes;

/// <summary>Voiding: what it reverses (invoice amounts, balance credit, refund-group citations) and what it refuses.</summary>
[Collection(ServerCollection.Name)]
public sealed class CreditNoteVoidTests(ServerFixture fixture)
{
    private readonly CreditNoteKit _kit = new(fixture);

    [Fact]
    public async Task Voiding_a_pre_payment_note_gives_the_amount_back_to_the_open_invoice()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        var note = await _kit.IssueAsync(("invoice", invoice), ("amount", "300"));
        var id = Str(note["id"]);
        var voided = (await _kit.VoidAsync(id)).AssertOk().Body;
        Assert.Equal("void", Str(voided["status"]));
        Assert.NotNull(voided["voided_at"]);
        Assert.Equal(300, Long(voided["amount"]));
        Assert.Equal(300, Long(voided["pre_payment_amount"]));
        var inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal(0, Long(inv["pre_payment_credit_notes_amount"]));
        Assert.Equal(1000, Long(inv["amount_remaining"]));
        Assert.Equal("open", Str(inv["status"]));

        var events = await _kit.Invoices.EventsAsync("credit_note.voided", "invoice.updated");
        Assert.Equal(["credit_note.voided", "invoice.updated"], events.TakeLast(2).Select(e => Str(e["type"])));
        Assert.Equal("void", Str(events[^2]["data"]!["object"]!["status"]));
        Assert.Equal(300, Long(events[^1]["data"]!["previous_attributes"]!["pre_payment_credit_notes_amount"]));

        // Only once.
        var again = await _kit.VoidAsync(id);
        again.AssertError(HttpStatusCode.BadRequest);
        Assert.Contains("already been voided", again.ErrorMessage);
        (await _kit.VoidAsync("cn_missing")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        // The full amount can be credited again.
        (await _kit.CreateAsync(("invoice", invoice), ("amount", "1000"))).AssertOk();
    }

    [Fact]
    public async Task Voiding_reverses_the_balance_credit_with_a_credit_note_transaction()
    {
        var (customer, invoice) = await _kit.PaidInvoiceAsync(1000);
        var note = await _kit.IssueAsync(("invoice", invoice), ("amount", "500"), ("credit_amount", "500"));
        Assert.Equal(-500, await _kit.BalanceAsync(customer));
        (await _kit.VoidAsync(Str(note["id"]))).AssertOk();
        Assert.Equal(0, await _kit.BalanceAsync(customer));
        var events = (await _kit.Invoices.EventsAsync()).TakeLast(3).ToList();
        Assert.Equal(["credit_note.voided", "invoice.updated", "customer.updated"], events.Select(e => Str(e["type"])));
        Assert.Equal(0, Long(events[2]["data"]!["object"]!["balance"]));
        Assert.Equal("""{"balance":-500}""", events[2]["data"]!["previous_attributes"]!.ToJsonString());
        var ledger = (await _kit.LedgerAsync(customer)).Where(t => Str(t["type"]) == "credit_note").ToList();
        Assert.Equal([-500L, 500L], ledger.Select(t => Long(t["amount"])));
        Assert.Equal([-500L, 0L], ledger.Select(t => Long(t["ending_balance"])));
        Assert.All(ledger, t => Assert.Equal(Str(note["id"]), Str(t["credit_note"])));
        // The note still names its original transaction.
        Assert.Equal(Str(ledger[0]["id"]), Str((await _kit.GetAsync(Str(note["id"])))["customer_balance_transaction"]));
        var inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal(0, Long(inv["post_payment_credit_notes_amount"]));
        Assert.Equal("paid", Str(inv["status"]));
    }

    [Fact]
    public async Task A_paid_invoice_is_never_reopened()
    {
        // Paid by credit notes alone: voiding the one that paid it is refused.
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        var first = await _kit.IssueAsync(("invoice", invoice), ("amount", "400"));
        var last = await _kit.IssueAsync(("invoice", invoice), ("amount", "600"));
        Assert.Equal("paid", Str((await _kit.Invoices.GetAsync(invoice))["status"]));
        var r = await _kit.VoidAsync(Str(last["id"]));
        r.AssertError(HttpStatusCode.BadRequest);
        Assert.Contains("cannot be voided", r.ErrorMessage);
        (await _kit.VoidAsync(Str(first["id"]))).AssertError(HttpStatusCode.BadRequest);
        var inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal("paid", Str(inv["status"]));
        Assert.Equal(1000, Long(inv["pre_payment_credit_notes_amount"]));
        Assert.Equal("issued", Str((await _kit.GetAsync(Str(last["id"])))["status"]));

        // 300 credited, 700 paid out of band: the 300 helped pay it; a later post-payment note voids freely.
        var (_, other) = await _kit.OpenInvoiceAsync(1000);
        var pre = await _kit.IssueAsync(("invoice", other), ("amount", "300"));
        (await _kit.Invoices.ActionAsync(other, "pay", ("paid_out_of_band", "true"))).AssertOk();
        (await _kit.VoidAsync(Str(pre["id"]))).AssertError(HttpStatusCode.BadRequest);
        var post = await _kit.IssueAsync(("invoice", other), ("amount", "700"), ("out_of_band_amount", "700"));
        (await _kit.VoidAsync(Str(post["id"]))).AssertOk();
        inv = await _kit.Invoices.GetAsync(other);
        Assert.Equal("paid", Str(inv["status"]));
        Assert.Equal(300, Long(inv["pre_payment_credit_notes_amount"]));
        Assert.Equal(0, Long(inv["post_payment_credit_notes_amount"]));
    }

    [Fact]
    public async Task Voiding_a_pre_payment_note_never_changes_an_overpayment_credited_to_the_customer()
    {
        // 1000 invoice, a pending record of 1000 attached, a pre-payment note of 400 (due → 600), then the record is
        // guaranteed: paid, overpaid by 400, credited to the customer. Giving the 400 back would bring
        // amount_overpaid to 0 while the customer keeps the credit: refused.
        var (customer, invoice) = await _kit.OpenInvoiceAsync(1000);
        var record = (await PaymentRecords.Reports.ReportAsync(_kit.Client,
            PaymentRecords.Reports.Payment(1000, "usd", ("customer_details[customer]", customer)))).Id;
        await _kit.AttachAsync(invoice, record);
        var note = await _kit.IssueAsync(("invoice", invoice), ("amount", "400"));
        Assert.Equal((400L, 0L), (Long(note["pre_payment_amount"]), Long(note["post_payment_amount"])));
        Assert.Equal(600, Long((await _kit.Invoices.GetAsync(invoice))["amount_due"]));
        (await PaymentRecords.Reports.OutcomeAsync(_kit.Client, record, "guaranteed")).AssertOk();
        var paid = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal(("paid", 1000L, 400L), (Str(paid["status"]), Long(paid["amount_paid"]), Long(paid["amount_overpaid"])));
        Assert.Equal(-400, await _kit.BalanceAsync(customer));

        var id = Str(note["id"]);
        var r = await _kit.VoidAsync(id);
        r.AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request_error", Str(r.Error["type"]));
        Assert.Null(r.ErrorParam);
        Assert.Equal($"Credit note {id} cannot be voided: invoice {invoice} is overpaid by 400, which was credited to the customer's balance; " +
            "voiding the note would change its amount_overpaid to 0 and leave that credit without a cause.", r.ErrorMessage);

        // Nothing moved.
        Assert.Equal("issued", Str((await _kit.GetAsync(id))["status"]));
        var after = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal((400L, 400L, "paid"), (Long(after["pre_payment_credit_notes_amount"]), Long(after["amount_overpaid"]), Str(after["status"])));
        Assert.Equal(-400, await _kit.BalanceAsync(customer));
        Assert.Equal(["invoice_overpaid"], (await _kit.LedgerAsync(customer)).Select(t => Str(t["type"])));
        Assert.Empty(await _kit.Invoices.EventsAsync("credit_note.voided"));

        // A post-payment note on the same invoice moves no total: it voids freely.
        var post = await _kit.IssueAsync(("invoice", invoice), ("amount", "100"), ("out_of_band_amount", "100"));
        (await _kit.VoidAsync(Str(post["id"]))).AssertOk();
        Assert.Equal(400, Long((await _kit.Invoices.GetAsync(invoice))["amount_overpaid"]));
    }

    [Fact]
    public async Task Voiding_releases_refund_group_citations()
    {
        var group = "void-release-" + Guid.NewGuid().ToString("N");
        var (_, invoice, record) = await _kit.PaidByRecordAsync(1000, 600, group);
        var note = await _kit.IssueAsync([("invoice", invoice), .. Cite(0, record, group)]);
        Assert.Equal(600, Long(note["amount"]));
        (await _kit.CreateAsync([("invoice", invoice), .. Cite(0, record, group)])).AssertError(HttpStatusCode.BadRequest,
            param: "refunds[0][payment_record_refund][refund_group]");
        var voided = (await _kit.VoidAsync(Str(note["id"]))).AssertOk().Body;
        // The voided note still shows what it cited.
        Assert.Equal(600, Long(voided["refunds"]![0]!["amount_refunded"]));
        Assert.Equal(0, Long((await _kit.Invoices.GetAsync(invoice))["post_payment_credit_notes_amount"]));
        var again = await _kit.IssueAsync([("invoice", invoice), .. Cite(0, record, group, 250)]);
        Assert.Equal(250, Long(again["amount"]));
        var rest = await _kit.IssueAsync([("invoice", invoice), .. Cite(0, record, group)]);
        Assert.Equal(350, Long(rest["amount"]));
        Assert.Equal(600, Long((await _kit.Invoices.GetAsync(invoice))["post_payment_credit_notes_amount"]));
    }

    [Fact]
    public async Task Voided_notes_can_still_take_memo_and_metadata()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        var note = await _kit.IssueAsync(("invoice", invoice), ("amount", "100"));
        (await _kit.VoidAsync(Str(note["id"]))).AssertOk();
        var updated = (await _kit.Client.PostAsync($"/v1/credit_notes/{Str(note["id"])}", ("memo", "voided by mistake"))).AssertOk().Body;
        Assert.Equal("void", Str(updated["status"]));
        Assert.Equal("voided by mistake", Str(updated["memo"]));
    }
}
