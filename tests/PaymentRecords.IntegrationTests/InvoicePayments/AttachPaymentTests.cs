using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.InvoicePayments.PaymentKit;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.InvoicePayments;

/// <summary>
/// attach_payment with payment records: guaranteed records are credited at once, pending ones when their attempt
/// is reported guaranteed (in that request's transaction), failed or canceled ones leave the payment open;
/// partial payments, overpayment and the events.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AttachPaymentTests(ServerFixture fixture)
{
    private readonly PaymentKit _kit = new(fixture.Client());

    [Fact]
    public async Task A_guaranteed_record_pays_the_invoice_at_once()
    {
        var (customer, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        var record = await _kit.RecordAsync(1000, customer: customer);
        var mark = await _kit.EventMarkAsync();
        var paid = (await _kit.AttachAsync(invoice, record)).AssertOk().Body;
        Assert.Equal(invoice, Str(paid["id"]));
        AssertInvoice(paid, paid: 1000, remaining: 0, overpaid: 0, status: "paid");
        var paidAt = Long(paid["status_transitions"]!["paid_at"]);
        Assert.InRange(paidAt, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.True(paid["attempted"]!.GetValue<bool>());

        var payments = paid["payments"]!.AsObject();
        Assert.Equal("list", Str(payments["object"]));
        Assert.Equal("/v1/invoice_payments", Str(payments["url"]));
        Assert.False(payments["has_more"]!.GetValue<bool>());
        var payment = Assert.Single(payments["data"]!.AsArray())!.AsObject();
        Assert.StartsWith("inpay_", Str(payment["id"]));
        Assert.Equal("invoice_payment", Str(payment["object"]));
        Assert.Equal(1000, Long(payment["amount_paid"]));
        Assert.Equal(1000, Long(payment["amount_requested"]));
        Assert.Equal("usd", Str(payment["currency"]));
        Assert.Equal(invoice, Str(payment["invoice"]));
        Assert.False(payment["is_default"]!.GetValue<bool>());
        Assert.False(payment["livemode"]!.GetValue<bool>());
        Assert.Equal(new JsonObject { ["payment_record"] = record, ["type"] = "payment_record" }.ToJsonString(), payment["payment"]!.ToJsonString());
        Assert.Equal("paid", Str(payment["status"]));
        Assert.Equal(paidAt, Long(payment["status_transitions"]!["paid_at"]));
        Assert.Null(payment["status_transitions"]!["canceled_at"]);

        // Without expand[] the includable list is absent, as on every invoice endpoint.
        Assert.False((await _kit.Invoices.GetAsync(invoice)).ContainsKey("payments"));
        Assert.Equal(payment.ToJsonString(), (await _kit.InvoiceWithPaymentsAsync(invoice))["payments"]!["data"]![0]!.ToJsonString());
        Assert.Equal(payment.ToJsonString(), (await _kit.Client.GetAsync($"/v1/invoice_payments/{payment["id"]}")).AssertOk().Body.ToJsonString());

        Assert.Equal(["invoice_payment.paid", "invoice.updated", "invoice.paid", "invoice.payment_succeeded"], await _kit.EventsSinceAsync(mark));
        var events = (await _kit.Invoices.EventsAsync()).Skip(mark).ToList();
        var updated = events.Single(e => Str(e["type"]) == "invoice.updated");
        var previous = updated["data"]!["previous_attributes"]!.AsObject();
        Assert.Equal(0, Long(previous["amount_paid"]));
        Assert.Equal(1000, Long(previous["amount_remaining"]));
        Assert.Equal("open", Str(previous["status"]));
        Assert.Equal(payment["id"]!.ToJsonString(), events.Single(e => Str(e["type"]) == "invoice_payment.paid")["data"]!["object"]!["id"]!.ToJsonString());
        Assert.Equal("paid", Str(events.Single(e => Str(e["type"]) == "invoice.paid")["data"]!["object"]!["status"]));
        Assert.Empty(await _kit.Invoices.EventsAsync("invoice.overpaid"));
        Assert.Empty(await _kit.LedgerAsync(customer));
    }

    [Fact]
    public async Task Several_records_pay_one_invoice_partially_until_nothing_remains()
    {
        var (customer, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        var mark = await _kit.EventMarkAsync();
        var first = (await _kit.AttachAsync(invoice, await _kit.RecordAsync(300))).AssertOk().Body;
        AssertInvoice(first, paid: 300, remaining: 700, overpaid: 0, status: "open");
        Assert.Null(first["status_transitions"]!["paid_at"]);
        var second = (await _kit.AttachAsync(invoice, await _kit.RecordAsync(450, customer: customer))).AssertOk().Body;
        AssertInvoice(second, paid: 750, remaining: 250, overpaid: 0, status: "open");
        Assert.Equal(2, second["payments"]!["data"]!.AsArray().Count);
        var third = (await _kit.AttachAsync(invoice, await _kit.RecordAsync(250))).AssertOk().Body;
        AssertInvoice(third, paid: 1000, remaining: 0, overpaid: 0, status: "paid");
        // Newest first, like GET /v1/invoice_payments.
        Assert.Equal([250L, 450L, 300L], third["payments"]!["data"]!.AsArray().Select(p => Long(p!["amount_paid"])));
        Assert.Equal([
            "invoice_payment.paid", "invoice.updated",
            "invoice_payment.paid", "invoice.updated",
            "invoice_payment.paid", "invoice.updated", "invoice.paid", "invoice.payment_succeeded",
        ], await _kit.EventsSinceAsync(mark));
    }

    [Fact]
    public async Task A_pending_record_leaves_the_invoice_unchanged_until_it_is_guaranteed()
    {
        var (_, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        var before = await _kit.Invoices.GetAsync(invoice);
        var record = await _kit.RecordAsync(1000, guaranteed: false);
        var mark = await _kit.EventMarkAsync();
        var attached = (await _kit.AttachAsync(invoice, record)).AssertOk().Body;
        AssertInvoice(attached, paid: 0, remaining: 1000, overpaid: 0, status: "open");
        var payment = Assert.Single(attached["payments"]!["data"]!.AsArray())!.AsObject();
        Assert.Equal("open", Str(payment["status"]));
        Assert.Null(payment["amount_paid"]);
        Assert.Equal(1000, Long(payment["amount_requested"]));
        Assert.Null(payment["status_transitions"]!["paid_at"]);
        attached.Remove("payments");
        Assert.Equal(before.ToJsonString(), attached.ToJsonString());
        Assert.Empty(await _kit.EventsSinceAsync(mark));

        // The report that guarantees the record pays the invoice in its own transaction.
        (await _kit.OutcomeAsync(record, "guaranteed")).AssertOk();
        Assert.Equal(["invoice_payment.paid", "invoice.updated", "invoice.paid", "invoice.payment_succeeded"], await _kit.EventsSinceAsync(mark));
        var paid = await _kit.InvoiceWithPaymentsAsync(invoice);
        AssertInvoice(paid, paid: 1000, remaining: 0, overpaid: 0, status: "paid");
        var nowPaid = paid["payments"]!["data"]![0]!;
        Assert.Equal("paid", Str(nowPaid["status"]));
        Assert.Equal(1000, Long(nowPaid["amount_paid"]));
        Assert.Equal(Long(paid["status_transitions"]!["paid_at"]), Long(nowPaid["status_transitions"]!["paid_at"]));
        var events = (await _kit.Invoices.EventsAsync()).Skip(mark).ToList();
        // The events belong to the report request that caused them.
        var requestIds = events.Select(e => e["request"]?["id"]?.ToJsonString()).Distinct().ToList();
        Assert.Single(requestIds);
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("canceled")]
    public async Task A_failed_or_canceled_attempt_leaves_the_payment_open_and_a_new_attempt_can_still_pay(string outcome)
    {
        var (_, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        var record = await _kit.RecordAsync(1000, guaranteed: false);
        (await _kit.AttachAsync(invoice, record)).AssertOk();
        (await _kit.OutcomeAsync(record, outcome)).AssertOk();
        var afterFailure = await _kit.InvoiceWithPaymentsAsync(invoice);
        AssertInvoice(afterFailure, paid: 0, remaining: 1000, overpaid: 0, status: "open");
        Assert.Equal("open", Str(afterFailure["payments"]!["data"]![0]!["status"]));
        Assert.Null(afterFailure["payments"]!["data"]![0]!["amount_paid"]);

        // A new attempt, guaranteed in the same report, pays the invoice.
        (await _kit.Client.PostAsync($"/v1/payment_records/{record}/report_payment_attempt", ("initiated_at", "1730000200"),
            ("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000300"))).AssertOk();
        var paid = await _kit.InvoiceWithPaymentsAsync(invoice);
        AssertInvoice(paid, paid: 1000, remaining: 0, overpaid: 0, status: "paid");
        Assert.Equal("paid", Str(paid["payments"]!["data"]![0]!["status"]));
    }

    [Fact]
    public async Task A_guaranteed_record_larger_than_what_remains_overpays_and_credits_the_customer()
    {
        var (customer, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        (await _kit.AttachAsync(invoice, await _kit.RecordAsync(400))).AssertOk();
        var overpaid = (await _kit.AttachAsync(invoice, await _kit.RecordAsync(900, customer: customer))).AssertOk().Body;
        AssertInvoice(overpaid, paid: 1300, remaining: 0, overpaid: 300, status: "paid");
        Assert.Equal(1000, Long(overpaid["amount_due"]));
        Assert.Equal(900, Long(overpaid["payments"]!["data"]![0]!["amount_paid"]));

        Assert.Equal(-300, await _kit.BalanceAsync(customer));
        var entry = Assert.Single(await _kit.LedgerAsync(customer));
        Assert.Equal("invoice_overpaid", Str(entry["type"]));
        Assert.Equal(-300, Long(entry["amount"]));
        Assert.Equal(-300, Long(entry["ending_balance"]));
        Assert.Equal(invoice, Str(entry["invoice"]));
        Assert.Equal("usd", Str(entry["currency"]));

        var tail = (await _kit.Invoices.EventsAsync()).Select(e => Str(e["type"])).ToList();
        Assert.Equal(["invoice_payment.paid", "invoice.updated", "invoice.paid", "invoice.payment_succeeded", "invoice.overpaid", "customer.updated"],
            tail.TakeLast(6));
        var overpaidEvent = Assert.Single(await _kit.Invoices.EventsAsync("invoice.overpaid"));
        Assert.Equal(300, Long(overpaidEvent["data"]!["object"]!["amount_overpaid"]));
        // The overpayment moved the customer's balance: customer.updated, after the invoice's events.
        var customerUpdated = (await _kit.Invoices.EventsAsync("customer.updated")).Last();
        Assert.Equal(-300, Long(customerUpdated["data"]!["object"]!["balance"]));
        Assert.Equal("""{"balance":0}""", customerUpdated["data"]!["previous_attributes"]!.ToJsonString());

        // The credit pays the customer's next invoice.
        var next = await _kit.Invoices.DraftAsync(customer);
        await _kit.Invoices.ItemAsync(customer, next, ("amount", "500"));
        var open = await _kit.Invoices.FinalizeAsync(next);
        Assert.Equal(200, Long(open["amount_due"]));
        Assert.Equal(0, await _kit.BalanceAsync(customer));
    }

    [Fact]
    public async Task A_pending_payment_guaranteed_after_the_invoice_was_paid_is_all_overpayment()
    {
        var (customer, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        var pending = await _kit.RecordAsync(600, guaranteed: false);
        (await _kit.AttachAsync(invoice, pending)).AssertOk();
        AssertInvoice((await _kit.AttachAsync(invoice, await _kit.RecordAsync(1000))).AssertOk().Body, 1000, 0, 0, "paid");

        (await _kit.OutcomeAsync(pending, "guaranteed")).AssertOk();
        var after = await _kit.Invoices.GetAsync(invoice);
        AssertInvoice(after, paid: 1600, remaining: 0, overpaid: 600, status: "paid");
        Assert.Equal(-600, await _kit.BalanceAsync(customer));
        Assert.Single(await _kit.Invoices.EventsAsync("invoice.paid"));
        Assert.Single(await _kit.Invoices.EventsAsync("invoice.overpaid"));
        Assert.Equal(2, (await _kit.Invoices.EventsAsync("invoice_payment.paid")).Count);
        // Reported guaranteed later, the overpayment still announces the customer's new balance, last.
        var last = (await _kit.Invoices.EventsAsync()).Last();
        Assert.Equal("customer.updated", Str(last["type"]));
        Assert.Equal(-600, Long(last["data"]!["object"]!["balance"]));
        Assert.Equal("""{"balance":0}""", last["data"]!["previous_attributes"]!.ToJsonString());
    }

    [Fact]
    public async Task An_uncollectible_invoice_accepts_payments_and_becomes_paid()
    {
        var (_, invoice) = await _kit.Invoices.OpenInvoiceAsync(800);
        (await _kit.Invoices.ActionAsync(invoice, "mark_uncollectible")).AssertOk();
        var partial = (await _kit.AttachAsync(invoice, await _kit.RecordAsync(300))).AssertOk().Body;
        AssertInvoice(partial, paid: 300, remaining: 500, overpaid: 0, status: "uncollectible");
        var paid = (await _kit.AttachAsync(invoice, await _kit.RecordAsync(500))).AssertOk().Body;
        AssertInvoice(paid, paid: 800, remaining: 0, overpaid: 0, status: "paid");
        Assert.NotNull(paid["status_transitions"]!["marked_uncollectible_at"]);
        Assert.NotNull(paid["status_transitions"]!["paid_at"]);
    }

    [Fact]
    public async Task Without_expand_the_response_is_the_invoice_without_payments()
    {
        var (_, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        var body = (await _kit.AttachAsync(invoice, await _kit.RecordAsync(100), expandPayments: false)).AssertOk().Body;
        Assert.Equal("invoice", Str(body["object"]));
        Assert.False(body.ContainsKey("payments"));
        AssertInvoice(body, paid: 100, remaining: 900, overpaid: 0, status: "open");
    }

    [Fact]
    public async Task Attach_is_idempotent_with_an_idempotency_key()
    {
        var (_, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        var record = await _kit.RecordAsync(1000);
        var first = (await _kit.Client.PostIdempotentAsync($"/v1/invoices/{invoice}/attach_payment", "attach-" + record,
            ("payment_record", record), ("expand[]", "payments"))).AssertOk();
        var replay = (await _kit.Client.PostIdempotentAsync($"/v1/invoices/{invoice}/attach_payment", "attach-" + record,
            ("payment_record", record), ("expand[]", "payments"))).AssertOk();
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
        Assert.Equal(first.Raw, replay.Raw);
        Assert.Single(await _kit.PaymentsOfAsync(invoice));
        Assert.Single(await _kit.Invoices.EventsAsync("invoice.paid"));
    }
}
