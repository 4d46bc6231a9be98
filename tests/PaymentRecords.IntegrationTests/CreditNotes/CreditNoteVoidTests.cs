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
    public async Task A_note_is_voided_only_while_its_invoice_is_open()
    {
        const string NotOpen = "You can only void a credit note if the associated invoice is open.";
        // Paid by credit notes alone: neither can be voided any more (a void never reopens a paid invoice).
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        var first = await _kit.IssueAsync(("invoice", invoice), ("amount", "400"));
        var last = await _kit.IssueAsync(("invoice", invoice), ("amount", "600"));
        Assert.Equal("paid", Str((await _kit.Invoices.GetAsync(invoice))["status"]));
        foreach (var note in new[] { first, last })
        {
            var r = (await _kit.VoidAsync(Str(note["id"]))).AssertError(HttpStatusCode.BadRequest);
            Assert.Equal((NotOpen, null), (r.ErrorMessage, r.ErrorParam));
        }
        var inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal(("paid", 1000L), (Str(inv["status"]), Long(inv["pre_payment_credit_notes_amount"])));
        Assert.Equal("issued", Str((await _kit.GetAsync(Str(last["id"])))["status"]));

        // A balance credit after payment stays: nothing moves on the customer or its ledger.
        var (customer, paid) = await _kit.PaidInvoiceAsync(1000);
        var credit = await _kit.IssueAsync(("invoice", paid), ("amount", "500"), ("credit_amount", "500"));
        Assert.Equal(NotOpen, (await _kit.VoidAsync(Str(credit["id"]))).AssertError(HttpStatusCode.BadRequest).ErrorMessage);
        Assert.Equal(-500, await _kit.BalanceAsync(customer));
        Assert.Equal(["credit_note"], (await _kit.LedgerAsync(customer)).Select(t => Str(t["type"])));

        // Uncollectible, and void, invoices keep their notes too.
        var (_, uncollectible) = await _kit.OpenInvoiceAsync(1000);
        var onUncollectible = await _kit.IssueAsync(("invoice", uncollectible), ("amount", "100"));
        (await _kit.Invoices.ActionAsync(uncollectible, "mark_uncollectible")).AssertOk();
        Assert.Equal(NotOpen, (await _kit.VoidAsync(Str(onUncollectible["id"]))).AssertError(HttpStatusCode.BadRequest).ErrorMessage);
        var (_, voidInvoice) = await _kit.OpenInvoiceAsync(1000);
        var onVoid = await _kit.IssueAsync(("invoice", voidInvoice), ("amount", "100"));
        (await _kit.Invoices.ActionAsync(voidInvoice, "void")).AssertOk();
        Assert.Equal(NotOpen, (await _kit.VoidAsync(Str(onVoid["id"]))).AssertError(HttpStatusCode.BadRequest).ErrorMessage);
        Assert.Empty(await _kit.Invoices.EventsAsync("credit_note.voided"));
    }

    [Fact]
    public async Task A_note_citing_a_refund_stays_with_its_citation()
    {
        var group = "void-keeps-" + Guid.NewGuid().ToString("N");
        var (_, invoice, record) = await _kit.PaidByRecordAsync(1000, 600, group);
        var note = await _kit.IssueAsync([("invoice", invoice), .. Cite(0, record, group)]);
        Assert.Equal(600, Long(note["amount"]));
        Assert.Equal("You can only void a credit note if the associated invoice is open.",
            (await _kit.VoidAsync(Str(note["id"]))).AssertError(HttpStatusCode.BadRequest).ErrorMessage);
        Assert.Equal("issued", Str((await _kit.GetAsync(Str(note["id"])))["status"]));
        (await _kit.CreateAsync([("invoice", invoice), .. Cite(0, record, group)])).AssertError(HttpStatusCode.BadRequest,
            param: "refunds[0][payment_record_refund][refund_group]");
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
