using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.InvoicePayments.PaymentKit;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.InvoicePayments;

/// <summary>
/// Concurrent attach_payment and payment-record reports. Every round starts all its requests from one gate, half
/// of them through a second server instance on the same database (so only database locks and indexes can
/// serialize them), and checks the invariants and the exact winners.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class InvoicePaymentRaceTests(ServerFixture fixture)
{
    private const int Rounds = 20;
    private const int Concurrent = 16;

    private async Task<(PaymentKit Kit, StripeTestClient Other)> AccountAsync()
    {
        var kit = new PaymentKit(fixture.Client());
        var second = await fixture.SecondServerAsync();
        return (kit, kit.Client.WithBase(second.BaseAddress));
    }

    private static Task<StripeResponse> Attach(StripeTestClient client, string invoice, string record) =>
        client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_record", record));

    [Fact]
    public async Task One_record_attached_to_sixteen_invoices_at_once_exactly_one_wins()
    {
        var (kit, other) = await AccountAsync();
        // Sixteen customers: no customer or invoice lock is shared, only the payment record's.
        var invoices = new List<string>();
        for (var i = 0; i < Concurrent; i++) invoices.Add((await kit.Invoices.OpenInvoiceAsync(1_000_000)).Invoice);
        var paidPerInvoice = invoices.ToDictionary(i => i, _ => 0L);
        for (var round = 0; round < Rounds; round++)
        {
            // Guaranteed records are credited at once; every third round the record is still pending.
            var guaranteed = round % 3 != 2;
            var amount = 100 + round;
            var record = await kit.RecordAsync(amount, guaranteed);
            var results = await Race.AllAtOnceAsync(invoices.Select((invoice, i) =>
                (Func<Task<StripeResponse>>)(() => Attach((i + round) % 2 == 0 ? kit.Client : other, invoice, record))));

            var winners = results.Select((r, i) => (r, Invoice: invoices[i])).Where(x => x.r.Status == HttpStatusCode.OK).ToList();
            var (winner, winnerInvoice) = Assert.Single(winners);
            foreach (var loser in results.Where(r => r.Status != HttpStatusCode.OK))
            {
                Assert.True(loser.Status == HttpStatusCode.BadRequest, $"expected a clean 400, got {(int)loser.Status}: {loser.Raw}");
                Assert.Equal("payment_record", loser.ErrorParam);
                Assert.Equal($"Payment record {record} is already attached to invoice {winnerInvoice}. A payment record can only pay one invoice.", loser.ErrorMessage);
            }
            if (guaranteed) paidPerInvoice[winnerInvoice] += amount;
            Assert.Equal(paidPerInvoice[winnerInvoice], Long(winner.Body["amount_paid"]));

            var byRecord = (await kit.Client.GetAsync("/v1/invoice_payments", ("payment[type]", "payment_record"), ("payment[payment_record]", record)))
                .AssertOk().Body["data"]!.AsArray();
            var payment = Assert.Single(byRecord)!;
            Assert.Equal(winnerInvoice, Str(payment["invoice"]));
            Assert.Equal(guaranteed ? "paid" : "open", Str(payment["status"]));
        }
        foreach (var invoice in invoices)
        {
            var inv = await kit.Invoices.GetAsync(invoice);
            var payments = await kit.PaymentsOfAsync(invoice);
            Assert.Equal(paidPerInvoice[invoice], Long(inv["amount_paid"]));
            Assert.Equal(payments.Where(p => Str(p["status"]) == "paid").Sum(p => Long(p["amount_paid"])), Long(inv["amount_paid"]));
            Assert.Equal(1_000_000 - paidPerInvoice[invoice], Long(inv["amount_remaining"]));
        }
        Assert.Equal(Rounds, (await kit.Client.GetAsync("/v1/invoice_payments", ("limit", "100"))).AssertOk().Body["data"]!.AsArray().Count);
        Assert.Equal(Enumerable.Range(0, Rounds).Count(r => r % 3 != 2), (await kit.Invoices.EventsAsync("invoice_payment.paid")).Count);
    }

    [Fact]
    public async Task Sixteen_records_attached_to_one_invoice_at_once_keep_its_totals_exact()
    {
        var (kit, other) = await AccountAsync();
        for (var round = 0; round < Rounds; round++)
        {
            const long due = 1000;
            var (customer, invoice) = await kit.Invoices.OpenInvoiceAsync(due);
            // 16 × amount ≥ due; the invoice is paid by the ceil(due / amount)-th credit, which may overpay.
            var amount = 70 + 17 * round;
            var records = new List<string>();
            for (var i = 0; i < Concurrent; i++) records.Add(await kit.RecordAsync(amount, customer: i % 2 == 0 ? customer : null));
            var results = await Race.AllAtOnceAsync(records.Select((record, i) =>
                (Func<Task<StripeResponse>>)(() => Attach(i % 2 == 0 ? kit.Client : other, invoice, record))));

            var expectedWinners = (int)((due + amount - 1) / amount);
            var winners = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
            Assert.Equal(expectedWinners, winners.Count);
            foreach (var loser in results.Where(r => r.Status != HttpStatusCode.OK))
            {
                Assert.True(loser.Status == HttpStatusCode.BadRequest, $"expected a clean 400, got {(int)loser.Status}: {loser.Raw}");
                Assert.Equal("Invoice is already paid", loser.ErrorMessage);
            }
            // Each winner saw the totals its own credit produced: amount_paid values are amount, 2·amount, …
            Assert.Equal(Enumerable.Range(1, expectedWinners).Select(k => k * (long)amount),
                winners.Select(w => Long(w.Body["amount_paid"])).Order());

            var inv = await kit.Invoices.GetAsync(invoice);
            var payments = await kit.PaymentsOfAsync(invoice);
            var paidSum = payments.Where(p => Str(p["status"]) == "paid").Sum(p => Long(p["amount_paid"]));
            Assert.Equal(expectedWinners, payments.Count);
            Assert.Equal(paidSum, Long(inv["amount_paid"]));
            Assert.Equal(expectedWinners * (long)amount, paidSum);
            Assert.True(Long(inv["amount_remaining"]) >= 0);
            Assert.Equal(Math.Max(0, paidSum - due), Long(inv["amount_overpaid"]));
            Assert.Equal(Math.Max(0, due - paidSum), Long(inv["amount_remaining"]));
            Assert.Equal("paid", Str(inv["status"]));
            Assert.Equal(-Long(inv["amount_overpaid"]), await kit.BalanceAsync(customer));
        }
        Assert.Equal(Rounds, (await kit.Invoices.EventsAsync("invoice.paid")).Count);
        Assert.Equal(Enumerable.Range(0, Rounds).Count(r => 1000 % (70 + 17 * r) != 0), (await kit.Invoices.EventsAsync("invoice.overpaid")).Count);
    }

    [Fact]
    public async Task Pending_records_guaranteed_at_once_pay_their_invoice_exactly()
    {
        var (kit, other) = await AccountAsync();
        for (var round = 0; round < Rounds; round++)
        {
            const long due = 1000;
            var (customer, invoice) = await kit.Invoices.OpenInvoiceAsync(due);
            const int records = 8;
            var amount = 130 + 10 * round;
            var ids = new List<string>();
            for (var i = 0; i < records; i++)
            {
                var record = await kit.RecordAsync(amount, guaranteed: false);
                (await Attach(kit.Client, invoice, record)).AssertOk();
                ids.Add(record);
            }
            // Every report pays its invoice payment; the invoice is credited by each, in some order.
            var results = await Race.AllAtOnceAsync(ids.Select((record, i) => (Func<Task<StripeResponse>>)(() =>
                (i % 2 == 0 ? kit.Client : other).PostAsync($"/v1/payment_records/{record}/report_payment_attempt_guaranteed",
                    ("guaranteed_at", "1730000100")))));
            Assert.All(results, r => r.AssertOk());

            var inv = await kit.Invoices.GetAsync(invoice);
            var payments = await kit.PaymentsOfAsync(invoice);
            Assert.All(payments, p => Assert.Equal("paid", Str(p["status"])));
            var paidSum = payments.Sum(p => Long(p["amount_paid"]));
            Assert.Equal(records * (long)amount, paidSum);
            Assert.Equal(paidSum, Long(inv["amount_paid"]));
            Assert.Equal(Math.Max(0, paidSum - due), Long(inv["amount_overpaid"]));
            Assert.Equal(0, Long(inv["amount_remaining"]));
            Assert.Equal("paid", Str(inv["status"]));
            Assert.Equal(-Long(inv["amount_overpaid"]), await kit.BalanceAsync(customer));
            var ledger = await kit.LedgerAsync(customer);
            Assert.Equal(-Long(inv["amount_overpaid"]), ledger.Sum(t => Long(t["amount"])));
            Assert.All(ledger, t => Assert.Equal("invoice_overpaid", Str(t["type"])));
        }
        Assert.Equal(Rounds, (await kit.Invoices.EventsAsync("invoice.paid")).Count);
        Assert.Equal(Rounds * 8, (await kit.Invoices.EventsAsync("invoice_payment.paid")).Count);
    }

    [Fact]
    public async Task A_new_guaranteed_attempt_vs_void_never_leaves_a_paid_payment_on_a_void_invoice()
    {
        var (kit, other) = await AccountAsync();
        int voidWins = 0, payWins = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var (_, invoice) = await kit.Invoices.OpenInvoiceAsync(500);
            var record = await kit.RecordAsync(500, guaranteed: false);
            (await Attach(kit.Client, invoice, record)).AssertOk();
            (await kit.OutcomeAsync(record, "failed")).AssertOk();
            var flip = round % 2 == 0;
            var results = await Race.AllAtOnceAsync([
                () => (flip ? kit.Client : other).PostAsync($"/v1/payment_records/{record}/report_payment_attempt",
                    ("initiated_at", "1730000200"), ("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000300")),
                () => (flip ? other : kit.Client).PostAsync($"/v1/invoices/{invoice}/void"),
            ]);
            var (report, voided) = (results[0], results[1]);
            report.AssertOk();
            var inv = await kit.InvoiceWithPaymentsAsync(invoice);
            var payment = Assert.Single(inv["payments"]!["data"]!.AsArray())!;
            if (voided.Status == HttpStatusCode.OK)
            {
                // The void went first: the stale payment was canceled, the guarantee found nothing to pay.
                voidWins++;
                Assert.Equal("void", Str(inv["status"]));
                Assert.Equal("canceled", Str(payment["status"]));
                Assert.Equal(0, Long(inv["amount_paid"]));
                Assert.Null(payment["amount_paid"]);
            }
            else
            {
                payWins++;
                Assert.Equal(HttpStatusCode.BadRequest, voided.Status);
                Assert.Null(voided.ErrorCode);
                Assert.Equal("Invoices with `paid` payments cannot be voided.", voided.ErrorMessage);
                AssertInvoice(inv, paid: 500, remaining: 0, overpaid: 0, status: "paid");
                Assert.Equal("paid", Str(payment["status"]));
            }
        }
        Assert.Equal(Rounds, voidWins + payWins);
        Assert.Equal(payWins, (await kit.Invoices.EventsAsync("invoice.paid")).Count);
        Assert.Equal(voidWins, (await kit.Invoices.EventsAsync("invoice.voided")).Count);
    }
}
