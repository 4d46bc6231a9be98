using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.CreditNotes.CreditNoteKit;

namespace PaymentRecords.IntegrationTests.CreditNotes;

/// <summary>
/// Concurrent credit notes on one invoice. Every round starts all its requests from one gate, half of them through a
/// second server instance on the same database (so only database row locks can serialize them), then checks the
/// invariants (never over-credited, a refund group never cited beyond its amount, invoice totals = Σ live notes) and
/// the exact number of winners.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CreditNoteRaceTests(ServerFixture fixture)
{
    private const int Rounds = 20;
    private const int Concurrent = 50;

    private async Task<(CreditNoteKit Kit, StripeTestClient Other)> AccountAsync()
    {
        var kit = new CreditNoteKit(fixture);
        var second = await fixture.SecondServerAsync();
        return (kit, kit.Client.WithBase(second.BaseAddress));
    }

    private static void AssertCleanRefusal(StripeResponse r, string? param)
    {
        Assert.True(r.Status == HttpStatusCode.BadRequest, $"expected a clean 400, got {(int)r.Status}: {r.Raw}");
        Assert.Equal("invalid_request_error", Str(r.Error["type"]));
        Assert.Equal(param, r.ErrorParam);
    }

    private static async Task<List<JsonObject>> NotesAsync(StripeTestClient client, string invoice) =>
        (await client.GetAsync("/v1/credit_notes", ("invoice", invoice), ("limit", "100"))).AssertOk().Body["data"]!
            .AsArray().Select(n => n!.AsObject()).ToList();

    /// <summary>The invoice's credit-note totals equal Σ its live notes, and never exceed the invoice.</summary>
    private static async Task<JsonObject> AssertConsistentAsync(CreditNoteKit kit, string invoice)
    {
        var inv = await kit.Invoices.GetAsync(invoice);
        var live = (await NotesAsync(kit.Client, invoice)).Where(n => Str(n["status"]) == "issued").ToList();
        Assert.Equal(live.Sum(n => Long(n["pre_payment_amount"])), Long(inv["pre_payment_credit_notes_amount"]));
        Assert.Equal(live.Sum(n => Long(n["post_payment_amount"])), Long(inv["post_payment_credit_notes_amount"]));
        Assert.True(Long(inv["pre_payment_credit_notes_amount"]) + Long(inv["post_payment_credit_notes_amount"]) <= Long(inv["total"]));
        return inv;
    }

    [Fact]
    public async Task Fifty_concurrent_notes_never_over_credit_an_invoice()
    {
        var (kit, other) = await AccountAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var (_, invoice) = await kit.OpenInvoiceAsync(1000);
            var results = await Race.AllAtOnceAsync(Enumerable.Range(0, Concurrent).Select<int, Func<Task<StripeResponse>>>(i =>
                () => (i % 2 == 0 ? kit.Client : other).PostAsync("/v1/credit_notes", ("invoice", invoice), ("amount", "25"))));
            var winners = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
            // 1000 / 25: exactly 40 fit, the last one pays the invoice.
            Assert.Equal(40, winners.Count);
            foreach (var loser in results.Where(r => r.Status != HttpStatusCode.OK))
            {
                AssertCleanRefusal(loser, "amount");
                Assert.Equal("amount_too_large", loser.ErrorCode);
            }
            var inv = await AssertConsistentAsync(kit, invoice);
            Assert.Equal(1000, Long(inv["pre_payment_credit_notes_amount"]));
            Assert.Equal("paid", Str(inv["status"]));
            Assert.Equal(0, Long(inv["amount_remaining"]));
            // Numbers 01..40, each once.
            var numbers = winners.Select(w => Str(w.Body["number"])).Order().ToList();
            Assert.Equal(Enumerable.Range(1, 40).Select(n => $"{Str(inv["number"])}-CN-{n:D2}"), numbers);
            Assert.All(winners.Take(39), w => Assert.Equal("pre_payment", Str(w.Body["type"])));
        }
        // One invoice.paid per round, 40 notes per round.
        Assert.Equal(Rounds, (await kit.Invoices.EventsAsync("invoice.paid")).Count);
        Assert.Equal(Rounds * 40, (await kit.Invoices.EventsAsync("credit_note.created")).Count);
    }

    [Fact]
    public async Task Fifty_concurrent_citations_never_cite_a_refund_group_beyond_its_amount()
    {
        var (kit, other) = await AccountAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var group = $"race-{round}-{Guid.NewGuid():N}";
            var (_, invoice, record) = await kit.PaidByRecordAsync(2000, 1000, group);
            // Even rounds cite the whole group (default amount_refunded): exactly one wins.
            // Odd rounds cite 40 each of the 1000: exactly 25 win.
            var whole = round % 2 == 0;
            var form = whole ? Cite(0, record, group) : Cite(0, record, group, 40);
            var results = await Race.AllAtOnceAsync(Enumerable.Range(0, Concurrent).Select<int, Func<Task<StripeResponse>>>(i =>
                () => (i % 2 == 0 ? kit.Client : other).PostAsync("/v1/credit_notes", [("invoice", invoice), .. form])));
            var winners = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
            Assert.Equal(whole ? 1 : 25, winners.Count);
            foreach (var loser in results.Where(r => r.Status != HttpStatusCode.OK))
                AssertCleanRefusal(loser, "refunds[0][payment_record_refund][refund_group]");
            Assert.Equal(1000, winners.Sum(w => Long(w.Body["refunds"]![0]!["amount_refunded"])));
            var inv = await AssertConsistentAsync(kit, invoice);
            Assert.Equal(1000, Long(inv["post_payment_credit_notes_amount"]));
            var cited = (await NotesAsync(kit.Client, invoice)).SelectMany(n => n["refunds"]!.AsArray())
                .Where(r => Str(r!["payment_record_refund"]!["refund_group"]) == group).Sum(r => Long(r!["amount_refunded"]));
            Assert.Equal(1000, cited);
        }
    }

    [Fact]
    public async Task A_void_racing_a_create_leaves_consistent_totals()
    {
        var (kit, other) = await AccountAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var flip = round % 2 == 0;
            // 600 credited on a 1000 invoice (a note can be voided only while its invoice is open, so a pre-payment one);
            // void it while a 300 note is issued. The 300 fits before the void (900) and after it (300), so both always
            // win (the void once of two tries): only the invoice's row lock keeps one from overwriting the other's
            // pre_payment_credit_notes_amount.
            var (_, invoice) = await kit.OpenInvoiceAsync(1000);
            var note = await kit.IssueAsync(("invoice", invoice), ("amount", "600"));
            var id = Str(note["id"]);
            var results = await Race.AllAtOnceAsync([
                () => (flip ? kit.Client : other).PostAsync($"/v1/credit_notes/{id}/void"),
                () => (flip ? other : kit.Client).PostAsync("/v1/credit_notes", ("invoice", invoice), ("amount", "300")),
                () => (flip ? other : kit.Client).PostAsync($"/v1/credit_notes/{id}/void"),
            ]);
            var (void1, create, void2) = (results[0], results[1], results[2]);
            Assert.True((void1.Status == HttpStatusCode.OK) ^ (void2.Status == HttpStatusCode.OK), $"{void1.Raw} / {void2.Raw}");
            create.AssertOk();
            var inv = await AssertConsistentAsync(kit, invoice);
            var live = (await NotesAsync(kit.Client, invoice)).Where(n => Str(n["status"]) == "issued").ToList();
            Assert.Equal([Str(create.Body["id"])], live.Select(n => Str(n["id"])));
            Assert.Equal(300, Long(inv["pre_payment_credit_notes_amount"]));
            Assert.Equal((700L, 700L, 0L), (Long(inv["amount_due"]), Long(inv["amount_remaining"]), Long(inv["amount_paid"])));
            Assert.Equal("open", Str(inv["status"]));
        }
        Assert.Equal(Rounds, (await kit.Invoices.EventsAsync("credit_note.voided")).Count);
    }
}
