using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.InvoicePayments.PaymentKit;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.InvoicePayments;

/// <summary>
/// Every refusal of attach_payment, and what invoice payments forbid on their invoice:
/// an open payment blocks mark_uncollectible and pay, an open or paid one blocks void, revisions and updates of
/// anything but metadata; an open payment whose record failed or was canceled blocks nothing, and voiding cancels it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class AttachPaymentRefusalTests(ServerFixture fixture)
{
    private readonly PaymentKit _kit = new(fixture.Client());
    private StripeTestClient Client => _kit.Client;

    private static void AssertRefused(StripeResponse r, string message, string? code, string? param, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        r.AssertError(status);
        Assert.Equal("invalid_request_error", Str(r.Error["type"]));
        Assert.Equal(message, r.ErrorMessage);
        Assert.Equal(code, r.ErrorCode);
        Assert.Equal(param, r.ErrorParam);
    }

    private async Task<string> InvoiceInStatusAsync(string status)
    {
        var customer = await _kit.Invoices.CustomerAsync();
        var id = await _kit.Invoices.DraftAsync(customer);
        await _kit.Invoices.ItemAsync(customer, id, ("amount", "1000"));
        if (status == "draft") return id;
        await _kit.Invoices.FinalizeAsync(id);
        if (status == "paid") (await _kit.Invoices.ActionAsync(id, "pay", ("paid_out_of_band", "true"))).AssertOk();
        if (status == "void") (await _kit.Invoices.ActionAsync(id, "void")).AssertOk();
        return id;
    }

    [Fact]
    public async Task Draft_paid_and_void_invoices_refuse_payments()
    {
        var record = await _kit.RecordAsync(1000);
        AssertRefused(await _kit.AttachAsync(await InvoiceInStatusAsync("draft"), record),
            "You can't attach a payment to an invoice whose status is draft; payments can only be attached to open or uncollectible invoices.",
            "status_transition_invalid", null);
        AssertRefused(await _kit.AttachAsync(await InvoiceInStatusAsync("paid"), record), "Invoice is already paid", null, null);
        AssertRefused(await _kit.AttachAsync(await InvoiceInStatusAsync("void"), record),
            "You can't attach a payment to an invoice whose status is void; payments can only be attached to open or uncollectible invoices.",
            "status_transition_invalid", null);
        // Refusals leave nothing behind: the record can still pay an open invoice.
        Assert.Empty((await Client.GetAsync("/v1/invoice_payments")).AssertOk().Body["data"]!.AsArray());
        (await _kit.AttachAsync(await InvoiceInStatusAsync("open"), record)).AssertOk();
    }

    [Fact]
    public async Task The_record_must_exist_match_the_currency_and_the_customer_and_be_free()
    {
        var (customer, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        AssertRefused(await Client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_record", "pr_missing")),
            "No such payment_record: 'pr_missing'", "resource_missing", "payment_record", HttpStatusCode.NotFound);
        AssertRefused(await Client.PostAsync("/v1/invoices/in_missing/attach_payment", ("payment_record", await _kit.RecordAsync(10))),
            "No such invoice: 'in_missing'", "resource_missing", "id", HttpStatusCode.NotFound);
        var foreign = fixture.Client();
        var foreignRecord = (await PaymentRecords.Reports.ReportAsync(foreign, PaymentRecords.Reports.Guaranteed(1000))).Id;
        AssertRefused(await _kit.AttachAsync(invoice, foreignRecord),
            $"No such payment_record: '{foreignRecord}'", "resource_missing", "payment_record", HttpStatusCode.NotFound);

        var euros = await _kit.RecordAsync(1000, currency: "eur");
        AssertRefused(await _kit.AttachAsync(invoice, euros),
            $"The currency of payment record {euros} (eur) must match the currency of invoice {invoice} (usd).", null, "payment_record");

        var someoneElse = await _kit.Invoices.CustomerAsync();
        var theirs = await _kit.RecordAsync(1000, customer: someoneElse);
        AssertRefused(await _kit.AttachAsync(invoice, theirs),
            $"Payment record {theirs} belongs to customer {someoneElse}, but invoice {invoice} is for customer {customer}. A payment record can only pay invoices of its own customer.",
            null, "payment_record");

        var record = await _kit.RecordAsync(400);
        (await _kit.AttachAsync(invoice, record)).AssertOk();
        AssertRefused(await _kit.AttachAsync(invoice, record),
            $"Payment record {record} is already attached to invoice {invoice}. A payment record can only pay one invoice.", null, "payment_record");
        var (_, other) = await _kit.Invoices.OpenInvoiceAsync(1000);
        AssertRefused(await _kit.AttachAsync(other, record),
            $"Payment record {record} is already attached to invoice {invoice}. A payment record can only pay one invoice.", null, "payment_record");
        Assert.Single(await _kit.PaymentsOfAsync(invoice));
        Assert.Empty(await _kit.PaymentsOfAsync(other));
    }

    [Fact]
    public async Task Exactly_one_of_payment_intent_and_payment_record()
    {
        var (_, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        var record = await _kit.RecordAsync(1000);
        AssertRefused(await Client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_intent", "pi_3MtwBwLkdIwHu7ix28a3tqPa")),
            "No such payment_intent: 'pi_3MtwBwLkdIwHu7ix28a3tqPa'", "resource_missing", "payment_intent", HttpStatusCode.NotFound);
        AssertRefused(await Client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_intent", "pi_1"), ("payment_record", record)),
            "You may only specify one of these parameters: payment_intent, payment_record.", "parameters_exclusive", "payment_intent");
        AssertRefused(await Client.PostAsync($"/v1/invoices/{invoice}/attach_payment"),
            "You must pass either payment_intent or payment_record to attach a payment to an invoice.", null, null);
        AssertRefused(await Client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("expand[]", "payments")),
            "You must pass either payment_intent or payment_record to attach a payment to an invoice.", null, null);
        (await Client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_record", record), ("amount", "5")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_unknown", "amount");
        Assert.Empty(await _kit.PaymentsOfAsync(invoice));
        (await _kit.AttachAsync(invoice, record)).AssertOk();
    }

    [Fact]
    public async Task An_open_payment_blocks_mark_uncollectible_void_and_edits_until_its_record_fails()
    {
        var (_, invoice) = await _kit.Invoices.OpenSendInvoiceAsync(1000);
        var pending = await _kit.RecordAsync(500, guaranteed: false);
        (await _kit.AttachAsync(invoice, pending)).AssertOk();
        AssertRefused(await _kit.Invoices.ActionAsync(invoice, "mark_uncollectible"),
            $"You can't mark as uncollectible invoice {invoice} because it has open invoice payments. An invoice with an open payment can't be marked uncollectible; report the payment record's attempt as failed or canceled first.",
            "status_transition_invalid", null);
        AssertRefused(await _kit.Invoices.ActionAsync(invoice, "void"),
            $"You can't void invoice {invoice} because it has open invoice payments. An invoice with open or paid payments can't be voided; report open payment records' attempts as failed or canceled, and issue a credit note for paid ones.",
            "status_transition_invalid", null);
        // A revision edits the invoice: refused for the payments before "not supported".
        AssertRefused(await Client.PostAsync("/v1/invoices", ("customer", Str((await _kit.Invoices.GetAsync(invoice))["customer"])),
                ("from_invoice[action]", "revision"), ("from_invoice[invoice]", invoice)),
            $"You can't edit invoice {invoice} because it has open invoice payments. An invoice with open or paid payments can't be edited.",
            "status_transition_invalid", null);
        Assert.Equal("open", Str((await _kit.Invoices.GetAsync(invoice))["status"]));

        // So is a plain update of anything but metadata (issue 5: "cannot be … edited"); nothing changes.
        AssertRefused(await Client.PostAsync($"/v1/invoices/{invoice}", ("metadata[k]", "v"), ("footer", "d")),
            $"You can't edit invoice {invoice} because it has open invoice payments. An invoice with open or paid payments can't be edited.",
            "status_transition_invalid", null);
        AssertRefused(await Client.PostAsync($"/v1/invoices/{invoice}", ("auto_advance", "false")),
            $"You can't edit invoice {invoice} because it has open invoice payments. An invoice with open or paid payments can't be edited.",
            "status_transition_invalid", null);
        var unchanged = await _kit.Invoices.GetAsync(invoice);
        Assert.Null(unchanged["description"]);
        Assert.Null(unchanged["footer"]);
        Assert.Empty(unchanged["metadata"]!.AsObject());

        // Nor can it be paid out of band (see below).
        (await _kit.Invoices.ActionAsync(invoice, "pay", ("paid_out_of_band", "true"))).AssertError(HttpStatusCode.BadRequest, "status_transition_invalid");

        // Metadata updates (with expand[]) and send stay possible.
        var tagged = (await Client.PostAsync($"/v1/invoices/{invoice}", ("metadata[k]", "v"), ("expand[]", "payments"))).AssertOk().Body;
        Assert.Equal("v", Str(tagged["metadata"]!["k"]));
        Assert.Single(tagged["payments"]!["data"]!.AsArray());
        (await _kit.Invoices.ActionAsync(invoice, "send")).AssertOk();

        // Failed: the payment stays open but holds nothing.
        (await _kit.OutcomeAsync(pending, "failed")).AssertOk();
        Assert.Equal("d", Str((await Client.PostAsync($"/v1/invoices/{invoice}", ("footer", "d"))).AssertOk().Body["footer"]));
        // Marking it uncollectible cancels that payment: an invoice with open payments can't be uncollectible.
        var marked = (await _kit.Invoices.ActionAsync(invoice, "mark_uncollectible", ("expand[]", "payments"))).AssertOk().Body;
        var canceled = Assert.Single(marked["payments"]!["data"]!.AsArray())!;
        Assert.Equal("canceled", Str(canceled["status"]));
        Assert.Equal(Long(marked["status_transitions"]!["marked_uncollectible_at"]), Long(canceled["status_transitions"]!["canceled_at"]));
        var voided = (await _kit.Invoices.ActionAsync(invoice, "void", ("expand[]", "payments"))).AssertOk().Body;
        Assert.Equal("void", Str(voided["status"]));
        Assert.Equal("canceled", Str(Assert.Single(voided["payments"]!["data"]!.AsArray())!["status"]));
        Assert.Null(canceled["amount_paid"]);
        Assert.Null(canceled["status_transitions"]!["paid_at"]);

        // A record whose payments are all canceled may be attached again; a later guarantee pays the new invoice only.
        var (_, next) = await _kit.Invoices.OpenInvoiceAsync(500);
        (await _kit.AttachAsync(next, pending)).AssertOk();
        (await Client.PostAsync($"/v1/payment_records/{pending}/report_payment_attempt", ("initiated_at", "1730000200"),
            ("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000300"))).AssertOk();
        AssertInvoice(await _kit.Invoices.GetAsync(next), paid: 500, remaining: 0, overpaid: 0, status: "paid");
        var voidNow = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal((0L, "void"), (Long(voidNow["amount_paid"]), Str(voidNow["status"])));
        var byRecord = (await Client.GetAsync("/v1/invoice_payments", ("payment[type]", "payment_record"), ("payment[payment_record]", pending)))
            .AssertOk().Body["data"]!.AsArray();
        Assert.Equal(["paid", "canceled"], byRecord.Select(p => Str(p!["status"])));
    }

    [Fact]
    public async Task An_invoice_paid_out_of_band_or_by_another_payment_cancels_its_failed_payments_so_a_new_attempt_pays_nothing_twice()
    {
        foreach (var paidBy in new[] { "out_of_band", "another_record" })
        {
            var (_, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
            var failed = await _kit.RecordAsync(1000, guaranteed: false);
            (await _kit.AttachAsync(invoice, failed)).AssertOk();
            (await _kit.OutcomeAsync(failed, "failed")).AssertOk();

            var paid = paidBy == "out_of_band"
                ? (await _kit.Invoices.ActionAsync(invoice, "pay", ("paid_out_of_band", "true"), ("expand[]", "payments"))).AssertOk().Body
                : (await _kit.AttachAsync(invoice, await _kit.RecordAsync(1000))).AssertOk().Body;
            Assert.Equal("paid", Str(paid["status"]));
            var stale = (await Client.GetAsync("/v1/invoice_payments", ("payment[type]", "payment_record"), ("payment[payment_record]", failed)))
                .AssertOk().Body["data"]!.AsArray().Single()!;
            Assert.Equal(("canceled", Long(paid["status_transitions"]!["paid_at"])), (Str(stale["status"]), Long(stale["status_transitions"]!["canceled_at"])));

            // The processor retries the failed payment and it succeeds: the record is no longer the invoice's, so the
            // invoice is not paid twice (no overpayment, nothing on the customer's balance).
            (await Client.PostAsync($"/v1/payment_records/{failed}/report_payment_attempt", ("initiated_at", "1730000200"),
                ("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000300"))).AssertOk();
            var after = await _kit.Invoices.GetAsync(invoice);
            AssertInvoice(after, paid: 1000, remaining: 0, overpaid: 0, status: "paid");
            Assert.Equal(0, await _kit.BalanceAsync(Str(after["customer"])));
        }
    }

    [Fact]
    public async Task An_open_payment_blocks_pay_out_of_band_so_no_money_is_counted_twice()
    {
        // A pending 400 record on a 1000 invoice: paying 1000 out of band and then guaranteeing the record would
        // give amount_paid 1400, overpaid 400 and a customer credit for money that was never paid twice.
        var (customer, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        var pending = await _kit.RecordAsync(400, guaranteed: false);
        (await _kit.AttachAsync(invoice, pending)).AssertOk();
        AssertRefused(await _kit.Invoices.ActionAsync(invoice, "pay", ("paid_out_of_band", "true")),
            $"You can't pay invoice {invoice} because it has open invoice payments. An invoice with an open payment can't be paid out of band; report the payment record's attempt as guaranteed, failed or canceled first.",
            "status_transition_invalid", null);
        AssertInvoice(await _kit.Invoices.GetAsync(invoice), paid: 0, remaining: 1000, overpaid: 0, status: "open");

        // Guaranteed: the 400 is credited; the rest can then be paid out of band, and nothing is overpaid.
        (await _kit.OutcomeAsync(pending, "guaranteed")).AssertOk();
        AssertInvoice(await _kit.Invoices.GetAsync(invoice), paid: 400, remaining: 600, overpaid: 0, status: "open");
        AssertInvoice((await _kit.Invoices.ActionAsync(invoice, "pay", ("paid_out_of_band", "true"))).AssertOk().Body,
            paid: 1000, remaining: 0, overpaid: 0, status: "paid");
        Assert.Equal(0, await _kit.BalanceAsync(customer));
        Assert.Empty(await _kit.LedgerAsync(customer));

        // A payment whose record failed holds nothing: pay goes through.
        var (_, other) = await _kit.Invoices.OpenInvoiceAsync(1000);
        var failing = await _kit.RecordAsync(400, guaranteed: false);
        (await _kit.AttachAsync(other, failing)).AssertOk();
        (await _kit.OutcomeAsync(failing, "failed")).AssertOk();
        AssertInvoice((await _kit.Invoices.ActionAsync(other, "pay", ("paid_out_of_band", "true"))).AssertOk().Body,
            paid: 1000, remaining: 0, overpaid: 0, status: "paid");
    }

    [Fact]
    public async Task A_new_attempt_on_a_failed_record_holds_the_invoice_again()
    {
        var (_, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        var record = await _kit.RecordAsync(500, guaranteed: false);
        (await _kit.AttachAsync(invoice, record)).AssertOk();
        (await _kit.OutcomeAsync(record, "canceled")).AssertOk();
        (await Client.PostAsync($"/v1/payment_records/{record}/report_payment_attempt", ("initiated_at", "1730000200"))).AssertOk();
        (await _kit.Invoices.ActionAsync(invoice, "void")).AssertError(HttpStatusCode.BadRequest, "status_transition_invalid");
        (await _kit.Invoices.ActionAsync(invoice, "mark_uncollectible")).AssertError(HttpStatusCode.BadRequest, "status_transition_invalid");
        (await _kit.Invoices.ActionAsync(invoice, "pay", ("paid_out_of_band", "true"))).AssertError(HttpStatusCode.BadRequest, "status_transition_invalid");
    }

    [Fact]
    public async Task A_paid_payment_blocks_void_but_not_mark_uncollectible()
    {
        var (_, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);
        (await _kit.AttachAsync(invoice, await _kit.RecordAsync(300))).AssertOk();
        AssertRefused(await _kit.Invoices.ActionAsync(invoice, "void"),
            $"You can't void invoice {invoice} because it has paid invoice payments. An invoice with open or paid payments can't be voided; report open payment records' attempts as failed or canceled, and issue a credit note for paid ones.",
            "status_transition_invalid", null);
        // Nor can it be edited (metadata aside).
        AssertRefused(await Client.PostAsync($"/v1/invoices/{invoice}", ("footer", "d")),
            $"You can't edit invoice {invoice} because it has paid invoice payments. An invoice with open or paid payments can't be edited.",
            "status_transition_invalid", null);
        (await Client.PostAsync($"/v1/invoices/{invoice}", ("metadata[k]", "v"))).AssertOk();
        (await _kit.AttachAsync(invoice, await _kit.RecordAsync(300, guaranteed: false))).AssertOk();
        Assert.Contains("because it has open and paid invoice payments", (await _kit.Invoices.ActionAsync(invoice, "void")).ErrorMessage);
        (await _kit.Invoices.ActionAsync(invoice, "mark_uncollectible")).AssertError(HttpStatusCode.BadRequest, "status_transition_invalid");

        var (_, other) = await _kit.Invoices.OpenInvoiceAsync(1000);
        (await _kit.AttachAsync(other, await _kit.RecordAsync(300))).AssertOk();
        var uncollectible = (await _kit.Invoices.ActionAsync(other, "mark_uncollectible")).AssertOk().Body;
        AssertInvoice(uncollectible, paid: 300, remaining: 700, overpaid: 0, status: "uncollectible");
        // Paying the rest out of band settles it.
        AssertInvoice((await _kit.Invoices.ActionAsync(other, "pay", ("paid_out_of_band", "true"))).AssertOk().Body, 1000, 0, 0, "paid");
    }

    [Fact]
    public async Task A_refused_attach_stored_under_an_idempotency_key_replays_its_error()
    {
        var draft = await InvoiceInStatusAsync("draft");
        var record = await _kit.RecordAsync(1000);
        var first = await Client.PostIdempotentAsync($"/v1/invoices/{draft}/attach_payment", "refused-" + record, ("payment_record", record));
        first.AssertError(HttpStatusCode.BadRequest, "status_transition_invalid");
        await _kit.Invoices.FinalizeAsync(draft);
        var replay = await Client.PostIdempotentAsync($"/v1/invoices/{draft}/attach_payment", "refused-" + record, ("payment_record", record));
        Assert.Equal(first.Raw, replay.Raw);
        Assert.Empty(await _kit.PaymentsOfAsync(draft));
    }
}
