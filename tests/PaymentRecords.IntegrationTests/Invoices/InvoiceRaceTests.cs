using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary>
/// Concurrent transitions on one invoice, and concurrent finalizes for one customer. Every round starts all its
/// requests from one gate, half of them through a second server instance on the same database (so only
/// database locks can serialize them), and checks the invariants and the exact number of winners.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class InvoiceRaceTests(ServerFixture fixture)
{
    private const int Rounds = 20;

    private async Task<(InvoiceKit Kit, StripeTestClient Other)> AccountAsync()
    {
        var kit = new InvoiceKit(fixture.Client());
        var second = await fixture.SecondServerAsync();
        return (kit, kit.Client.WithBase(second.BaseAddress));
    }

    private static void AssertCleanRefusal(StripeResponse r, string? code)
    {
        Assert.True(r.Status == HttpStatusCode.BadRequest, $"expected a clean 400, got {(int)r.Status}: {r.Raw}");
        Assert.Equal(code, r.ErrorCode);
        Assert.Equal("invalid_request_error", Str(r.Error["type"]));
    }

    private static async Task<long> BalanceAsync(StripeTestClient client, string customer) =>
        Long((await client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["balance"]);

    /// <summary>What the invoices wrote to the customer's ledger, oldest first (not the starting balance the setup gave it).</summary>
    private static async Task<List<JsonObject>> LedgerAsync(StripeTestClient client, string customer) =>
        (await client.GetAsync($"/v1/customers/{customer}/balance_transactions", ("limit", "100"))).AssertOk().Body["data"]!
            .AsArray().Select(t => t!.AsObject()).Where(t => t["type"]!.GetValue<string>() is not ("initial" or "adjustment")).Reverse().ToList();

    [Fact]
    public async Task Concurrent_finalizes_of_one_draft_exactly_one_wins()
    {
        var (kit, other) = await AccountAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var customer = await kit.CustomerAsync(("balance", "-300"));
            var id = await kit.DraftAsync(customer);
            await kit.ItemAsync(customer, id, ("amount", "1000"));
            var results = await Race.AllAtOnceAsync(
                () => kit.ActionAsync(id, "finalize"),
                () => other.PostAsync($"/v1/invoices/{id}/finalize"),
                () => kit.ActionAsync(id, "finalize"),
                () => other.PostAsync($"/v1/invoices/{id}/finalize"));
            var winners = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
            Assert.Single(winners);
            foreach (var loser in results.Where(r => r.Status != HttpStatusCode.OK)) AssertCleanRefusal(loser, null);

            var customerNow = (await kit.Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body;
            Assert.Equal(2, Long(customerNow["next_invoice_sequence"]));
            Assert.Equal(0, Long(customerNow["balance"]));
            var ledger = await LedgerAsync(kit.Client, customer);
            Assert.Equal(300, Assert.Single(ledger)["amount"]!.GetValue<long>());
            var inv = await kit.GetAsync(id);
            Assert.Equal(Str(winners[0].Body["number"]), Str(inv["number"]));
            Assert.Equal(700, Long(inv["amount_due"]));
        }
        Assert.Equal(Rounds, (await kit.EventsAsync("invoice.finalized")).Count);
    }

    [Fact]
    public async Task Pay_vs_void_exactly_one_wins_and_the_balance_follows_the_winner()
    {
        var (kit, other) = await AccountAsync();
        int paidWins = 0, voidWins = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var customer = await kit.CustomerAsync(("balance", "-300"));
            var id = await kit.DraftAsync(customer);
            await kit.ItemAsync(customer, id, ("amount", "1000"));
            await kit.FinalizeAsync(id);
            var flip = round % 2 == 0;
            var results = await Race.AllAtOnceAsync(
                () => (flip ? kit.Client : other).PostAsync($"/v1/invoices/{id}/pay", ("paid_out_of_band", "true")),
                () => (flip ? other : kit.Client).PostAsync($"/v1/invoices/{id}/void"));
            var (pay, voided) = (results[0], results[1]);
            Assert.True((pay.Status == HttpStatusCode.OK) ^ (voided.Status == HttpStatusCode.OK), $"pay {pay.Raw} / void {voided.Raw}");
            var inv = await kit.GetAsync(id);
            var ledger = await LedgerAsync(kit.Client, customer);
            if (pay.Status == HttpStatusCode.OK)
            {
                paidWins++;
                AssertCleanRefusal(voided, null);
                Assert.Equal("paid", Str(inv["status"]));
                Assert.Equal(700, Long(inv["amount_paid"]));
                Assert.Equal(0, await BalanceAsync(kit.Client, customer));
                Assert.Equal(["applied_to_invoice"], ledger.Select(t => Str(t["type"])));
            }
            else
            {
                voidWins++;
                AssertCleanRefusal(pay, null);
                Assert.Equal("void", Str(inv["status"]));
                Assert.Equal(0, Long(inv["amount_paid"]));
                Assert.Equal(-300, await BalanceAsync(kit.Client, customer));
                Assert.Equal(["applied_to_invoice", "unapplied_from_invoice"], ledger.Select(t => Str(t["type"])));
                Assert.Equal(-300, Long(ledger[1]["ending_balance"]));
            }
        }
        Assert.Equal(Rounds, paidWins + voidWins);
        Assert.Equal(paidWins, (await kit.EventsAsync("invoice.paid")).Count);
        Assert.Equal(voidWins, (await kit.EventsAsync("invoice.voided")).Count);
    }

    [Fact]
    public async Task Finalize_vs_void_of_a_draft_finalize_always_wins_and_a_void_only_sees_it_open()
    {
        var (kit, other) = await AccountAsync();
        var voidWins = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var customer = await kit.CustomerAsync(("balance", "-300"));
            var id = await kit.DraftAsync(customer);
            await kit.ItemAsync(customer, id, ("amount", "1000"));
            var flip = round % 2 == 0;
            var results = await Race.AllAtOnceAsync(
                () => (flip ? kit.Client : other).PostAsync($"/v1/invoices/{id}/finalize"),
                () => (flip ? other : kit.Client).PostAsync($"/v1/invoices/{id}/void"));
            var (finalize, voided) = (results[0], results[1]);
            finalize.AssertOk();
            var inv = await kit.GetAsync(id);
            var ledger = await LedgerAsync(kit.Client, customer);
            if (voided.Status == HttpStatusCode.OK)
            {
                // The void ran after the finalize committed: it saw an open invoice and gave the credit back.
                voidWins++;
                Assert.Equal("void", Str(inv["status"]));
                Assert.Equal(-300, await BalanceAsync(kit.Client, customer));
                Assert.Equal(["applied_to_invoice", "unapplied_from_invoice"], ledger.Select(t => Str(t["type"])));
            }
            else
            {
                AssertCleanRefusal(voided, null);
                Assert.Equal("You can only pass in open invoices. This invoice isn't open.", voided.ErrorMessage);
                Assert.Equal("open", Str(inv["status"]));
                Assert.Equal(0, await BalanceAsync(kit.Client, customer));
                Assert.Equal(["applied_to_invoice"], ledger.Select(t => Str(t["type"])));
            }
            Assert.Equal(2, Long((await kit.Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["next_invoice_sequence"]));
        }
        Assert.Equal(Rounds, (await kit.EventsAsync("invoice.finalized")).Count);
        Assert.Equal(voidWins, (await kit.EventsAsync("invoice.voided")).Count);
    }

    [Fact]
    public async Task Add_lines_vs_finalize_no_line_escapes_the_total()
    {
        var (kit, other) = await AccountAsync();
        int addWins = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var customer = await kit.CustomerAsync();
            var id = await kit.DraftAsync(customer);
            await kit.ItemAsync(customer, id, ("amount", "1000"));
            var flip = round % 2 == 0;
            var results = await Race.AllAtOnceAsync(
                () => (flip ? kit.Client : other).PostAsync($"/v1/invoices/{id}/add_lines", ("lines[0][amount]", "250")),
                () => (flip ? other : kit.Client).PostAsync($"/v1/invoices/{id}/finalize"));
            var (add, finalize) = (results[0], results[1]);
            finalize.AssertOk();
            var inv = await kit.GetAsync(id);
            var lines = (await kit.Client.GetAsync($"/v1/invoices/{id}/lines")).AssertOk().Body["data"]!.AsArray();
            var sum = lines.Sum(l => Long(l!["amount"]));
            Assert.Equal(sum, Long(inv["total"]));
            Assert.Equal(sum, Long(inv["amount_due"]));
            Assert.Equal(sum, Long(finalize.Body["total"]));
            if (add.Status == HttpStatusCode.OK)
            {
                addWins++;
                Assert.Equal(1250, sum);
                Assert.Equal(2, lines.Count);
            }
            else
            {
                AssertCleanRefusal(add, "invoice_not_editable");
                Assert.Equal(1000, sum);
                Assert.Single(lines);
            }
        }
        var finalized = await kit.EventsAsync("invoice.finalized");
        Assert.Equal(Rounds, finalized.Count);
        Assert.Equal(Rounds - addWins, finalized.Count(e => Long(e["data"]!["object"]!["total"]) == 1000));
    }

    [Fact]
    public async Task Deleting_a_draft_vs_changing_its_item_never_leaves_the_item_pending()
    {
        var (kit, other) = await AccountAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var customer = await kit.CustomerAsync();
            var id = await kit.DraftAsync(customer);
            var item = Str((await kit.ItemAsync(customer, id, ("amount", "1000")))["id"]);
            var flip = round % 2 == 0;
            var results = await Race.AllAtOnceAsync(
                () => (flip ? kit.Client : other).DeleteAsync($"/v1/invoices/{id}"),
                () => (flip ? other : kit.Client).PostAsync($"/v1/invoiceitems/{item}", ("amount", "1200")),
                () => (flip ? kit.Client : other).DeleteAsync($"/v1/invoiceitems/{item}"));
            var (deleteInvoice, update, deleteItem) = (results[0], results[1], results[2]);
            deleteInvoice.AssertOk();
            // Whatever came after the invoice's delete is refused cleanly; an update after the item's own delete finds nothing.
            if (deleteItem.Status != HttpStatusCode.OK) AssertCleanRefusal(deleteItem, null);
            if (update.Status == HttpStatusCode.NotFound) Assert.Equal(HttpStatusCode.OK, deleteItem.Status);
            else if (update.Status != HttpStatusCode.OK) AssertCleanRefusal(update, null);
            var items = (await kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer))).AssertOk().Body["data"]!.AsArray();
            Assert.Empty(items);
            (await kit.Client.GetAsync($"/v1/invoiceitems/{item}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
        }
    }

    [Fact]
    public async Task Concurrent_add_lines_and_items_on_one_draft_lose_no_update()
    {
        var (kit, other) = await AccountAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var customer = await kit.CustomerAsync();
            var id = await kit.DraftAsync(customer);
            var results = await Race.AllAtOnceAsync(
                () => kit.ActionAsync(id, "add_lines", ("lines[0][amount]", "100")),
                () => other.PostAsync($"/v1/invoices/{id}/add_lines", ("lines[0][amount]", "200"), ("lines[1][amount]", "300")),
                () => kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", id), ("amount", "400")),
                () => other.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", id), ("unit_amount_decimal", "250"), ("quantity", "2")));
            Assert.All(results, r => r.AssertOk());
            var inv = await kit.GetAsync(id);
            Assert.Equal(1500, Long(inv["total"]));
            var lines = (await kit.Client.GetAsync($"/v1/invoices/{id}/lines")).AssertOk().Body["data"]!.AsArray();
            Assert.Equal(5, lines.Count);
            Assert.Equal(1500, lines.Sum(l => Long(l!["amount"])));
        }
    }

    [Fact]
    public async Task Many_invoices_of_one_customer_finalized_at_once_get_consecutive_numbers()
    {
        var (kit, other) = await AccountAsync();
        const int perRound = 6;
        for (var round = 0; round < Rounds; round++)
        {
            var customer = await kit.CustomerAsync(("invoice_prefix", $"RACE{round:D2}"), ("balance", "-500"));
            var ids = new List<string>();
            for (var i = 0; i < perRound; i++)
            {
                var id = await kit.DraftAsync(customer);
                await kit.ItemAsync(customer, id, ("amount", "100"));
                ids.Add(id);
            }
            var results = await Race.AllAtOnceAsync(ids.Select((id, i) => (Func<Task<StripeResponse>>)(() =>
                (i % 2 == 0 ? kit.Client : other).PostAsync($"/v1/invoices/{id}/finalize"))).ToArray());
            Assert.All(results, r => r.AssertOk());
            var numbers = results.Select(r => Str(r.Body["number"])).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(Enumerable.Range(1, perRound).Select(n => $"RACE{round:D2}-{n:D4}"), numbers);
            Assert.Equal(perRound + 1, Long((await kit.Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["next_invoice_sequence"]));

            // The credit of 500 was used up by the first five invoices, in commit order.
            Assert.Equal(0, await BalanceAsync(kit.Client, customer));
            var ledger = await LedgerAsync(kit.Client, customer);
            Assert.Equal(5, ledger.Count);
            Assert.All(ledger, t => Assert.Equal(100, Long(t["amount"])));
            Assert.Equal([-400L, -300L, -200L, -100L, 0L], ledger.Select(t => Long(t["ending_balance"])));
            Assert.Equal(perRound * 100 - 500, results.Sum(r => Long(r.Body["amount_due"])));
        }
    }
}
