using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.InvoicePayments;

/// <summary>GET /v1/invoice_payments (filters, pagination), GET /v1/invoice_payments/{id}, their expansions, and invoice.payments on every invoice endpoint.</summary>
[Collection(ServerCollection.Name)]
public sealed class InvoicePaymentListTests(ServerFixture fixture)
{
    private readonly PaymentKit _kit = new(fixture.Client());
    private StripeTestClient Client => _kit.Client;

    private static List<string> Ids(StripeResponse list) => list.Body["data"]!.AsArray().Select(p => Str(p!["id"])).ToList();

    /// <summary>Invoice A: paid 300 + open 200 (pending); invoice B: one canceled payment (voided) and a paid one.</summary>
    private async Task<(string A, string B, string PaidA, string PendingA, string FailedB, string[] All)> SeedAsync()
    {
        var (_, a) = await _kit.Invoices.OpenSendInvoiceAsync(1000);
        var paidRecord = await _kit.RecordAsync(300);
        var paidA = Str((await _kit.AttachAsync(a, paidRecord)).AssertOk().Body["payments"]!["data"]![0]!["id"]);
        var pendingRecord = await _kit.RecordAsync(200, guaranteed: false);
        var pendingA = Str((await _kit.AttachAsync(a, pendingRecord)).AssertOk().Body["payments"]!["data"]![0]!["id"]);

        var (_, b) = await _kit.Invoices.OpenInvoiceAsync(500);
        var failedRecord = await _kit.RecordAsync(500, guaranteed: false);
        var failedB = Str((await _kit.AttachAsync(b, failedRecord)).AssertOk().Body["payments"]!["data"]![0]!["id"]);
        (await _kit.OutcomeAsync(failedRecord, "failed")).AssertOk();
        (await _kit.Invoices.ActionAsync(b, "void")).AssertOk();
        return (a, b, paidA, pendingA, failedB, [failedB, pendingA, paidA]);
    }

    [Fact]
    public async Task Lists_newest_first_with_every_filter()
    {
        var (a, b, paidA, pendingA, failedB, all) = await SeedAsync();
        Assert.Equal(all, Ids((await Client.GetAsync("/v1/invoice_payments")).AssertOk()));
        Assert.Equal([pendingA, paidA], Ids((await Client.GetAsync("/v1/invoice_payments", ("invoice", a))).AssertOk()));
        Assert.Equal([failedB], Ids((await Client.GetAsync("/v1/invoice_payments", ("invoice", b))).AssertOk()));
        Assert.Equal([paidA], Ids((await Client.GetAsync("/v1/invoice_payments", ("status", "paid"))).AssertOk()));
        Assert.Equal([pendingA], Ids((await Client.GetAsync("/v1/invoice_payments", ("status", "open"))).AssertOk()));
        Assert.Equal([failedB], Ids((await Client.GetAsync("/v1/invoice_payments", ("status", "canceled"))).AssertOk()));
        Assert.Equal([pendingA], Ids((await Client.GetAsync("/v1/invoice_payments", ("invoice", a), ("status", "open"))).AssertOk()));
        Assert.Equal(all, Ids((await Client.GetAsync("/v1/invoice_payments", ("payment[type]", "payment_record"))).AssertOk()));
        Assert.Empty(Ids((await Client.GetAsync("/v1/invoice_payments", ("payment[type]", "payment_intent"))).AssertOk()));

        var pendingRecord = Str((await Client.GetAsync($"/v1/invoice_payments/{pendingA}")).AssertOk().Body["payment"]!["payment_record"]);
        Assert.Equal([pendingA], Ids((await Client.GetAsync("/v1/invoice_payments",
            ("payment[type]", "payment_record"), ("payment[payment_record]", pendingRecord))).AssertOk()));
        Assert.Empty(Ids((await Client.GetAsync("/v1/invoice_payments",
            ("payment[type]", "payment_record"), ("payment[payment_record]", pendingRecord), ("invoice", b))).AssertOk()));

        var list = (await Client.GetAsync("/v1/invoice_payments")).AssertOk().Body;
        Assert.Equal("list", Str(list["object"]));
        Assert.Equal("/v1/invoice_payments", Str(list["url"]));
        Assert.False(list["has_more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Paginates_with_cursors()
    {
        var (_, _, _, _, _, all) = await SeedAsync();
        var first = (await Client.GetAsync("/v1/invoice_payments", ("limit", "2"))).AssertOk();
        Assert.Equal(all[..2], Ids(first));
        Assert.True(first.Body["has_more"]!.GetValue<bool>());
        var second = (await Client.GetAsync("/v1/invoice_payments", ("limit", "2"), ("starting_after", all[1]))).AssertOk();
        Assert.Equal(all[2..], Ids(second));
        Assert.False(second.Body["has_more"]!.GetValue<bool>());
        var back = (await Client.GetAsync("/v1/invoice_payments", ("limit", "2"), ("ending_before", all[2]))).AssertOk();
        Assert.Equal(all[..2], Ids(back));
        (await Client.GetAsync("/v1/invoice_payments", ("starting_after", "inpay_missing")))
            .AssertError(HttpStatusCode.BadRequest, "resource_missing", "starting_after");
        Assert.Single(Ids((await Client.GetAsync("/v1/invoice_payments", ("limit", "0"))).AssertOk()));
    }

    [Fact]
    public async Task Filters_naming_missing_objects_are_404s_and_payment_type_is_required()
    {
        (await Client.GetAsync("/v1/invoice_payments", ("invoice", "in_missing")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
        var r = (await Client.GetAsync("/v1/invoice_payments", ("payment[type]", "payment_record"), ("payment[payment_record]", "pr_missing")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "payment[payment_record]");
        Assert.Equal("No such payment_record: 'pr_missing'", r.ErrorMessage);
        r = (await Client.GetAsync("/v1/invoice_payments", ("payment[type]", "payment_intent"), ("payment[payment_intent]", "pi_123")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "payment[payment_intent]");
        Assert.Equal("No such payment_intent: 'pi_123'", r.ErrorMessage);
        (await Client.GetAsync("/v1/invoice_payments", ("payment[payment_record]", "pr_x")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "payment[type]");
        (await Client.GetAsync("/v1/invoice_payments", ("payment[type]", "charge"))).AssertError(HttpStatusCode.BadRequest, param: "payment[type]");
        (await Client.GetAsync("/v1/invoice_payments", ("status", "draft"))).AssertError(HttpStatusCode.BadRequest, param: "status");
        r = (await Client.GetAsync("/v1/invoice_payments/inpay_missing")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        Assert.Equal("No such invoice_payment: 'inpay_missing'", r.ErrorMessage);
        // Another account's payments are not visible.
        var (_, a, paidA, _, _, _) = await SeedAsync();
        var stranger = fixture.Client();
        (await stranger.GetAsync($"/v1/invoice_payments/{paidA}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
        Assert.Empty((await stranger.GetAsync("/v1/invoice_payments")).AssertOk().Body["data"]!.AsArray());
        (await stranger.GetAsync("/v1/invoice_payments", ("invoice", a))).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
    }

    [Fact]
    public async Task Expands_invoice_and_payment_record_and_refuses_other_paths()
    {
        var (a, _, paidA, _, _, _) = await SeedAsync();
        var one = (await Client.GetAsync($"/v1/invoice_payments/{paidA}", ("expand[]", "invoice"), ("expand[]", "payment.payment_record"))).AssertOk().Body;
        Assert.Equal(a, Str(one["invoice"]!["id"]));
        Assert.Equal("invoice", Str(one["invoice"]!["object"]));
        Assert.Equal("payment_record", Str(one["payment"]!["payment_record"]!["object"]));
        Assert.Equal(300, Long(one["payment"]!["payment_record"]!["amount_guaranteed"]!["value"]));
        Assert.Equal("payment_record", Str(one["payment"]!["type"]));

        // Through the invoice: payments, and inside them.
        var deep = (await Client.GetAsync($"/v1/invoice_payments/{paidA}", ("expand[]", "invoice.payments"))).AssertOk().Body;
        Assert.Equal(2, deep["invoice"]!["payments"]!["data"]!.AsArray().Count);
        var list = (await Client.GetAsync("/v1/invoice_payments", ("invoice", a), ("expand[]", "data.payment.payment_record"))).AssertOk().Body;
        Assert.All(list["data"]!.AsArray(), p => Assert.Equal("payment_record", Str(p!["payment"]!["payment_record"]!["object"])));
        var invoice = (await Client.GetAsync($"/v1/invoices/{a}", ("expand[]", "payments.data.payment.payment_record"), ("expand[]", "payments.data.invoice"))).AssertOk().Body;
        Assert.All(invoice["payments"]!["data"]!.AsArray(), p =>
        {
            Assert.Equal("payment_record", Str(p!["payment"]!["payment_record"]!["object"]));
            Assert.Equal(a, Str(p["invoice"]!["id"]));
        });

        // payment.payment_intent and payment.charge are accepted (objects not held) and left as they are.
        var notHeld = (await Client.GetAsync($"/v1/invoice_payments/{paidA}", ("expand[]", "payment.payment_intent"), ("expand[]", "payment.charge"))).AssertOk().Body;
        Assert.False(notHeld["payment"]!.AsObject().ContainsKey("payment_intent"));
        (await Client.GetAsync($"/v1/invoice_payments/{paidA}", ("expand[]", "payment"))).AssertCannotExpand();
        (await Client.GetAsync($"/v1/invoice_payments/{paidA}", ("expand[]", "status"))).AssertCannotExpand();
    }

    [Fact]
    public async Task Every_invoice_endpoint_includes_payments_when_expanded()
    {
        var (a, _, _, _, _, _) = await SeedAsync();
        static int Count(JsonNode invoice) => invoice["payments"]!["data"]!.AsArray().Count;
        Assert.Equal(2, Count((await Client.GetAsync($"/v1/invoices/{a}", ("expand[]", "payments"))).AssertOk().Body));
        Assert.Equal(2, Count((await Client.PostAsync($"/v1/invoices/{a}", ("metadata[k]", "x"), ("expand[]", "payments"))).AssertOk().Body));
        Assert.Equal(2, Count((await Client.PostAsync($"/v1/invoices/{a}/send", ("expand[]", "payments"))).AssertOk().Body));
        var list = (await Client.GetAsync("/v1/invoices", ("expand[]", "data.payments"))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal([2, 1], list.Select(i => Count(i!)).OrderDescending());
        Assert.All((await Client.GetAsync("/v1/invoices")).AssertOk().Body["data"]!.AsArray(), i => Assert.False(i!.AsObject().ContainsKey("payments")));
        // A draft has an empty list.
        var draft = await _kit.Invoices.DraftAsync(await _kit.Invoices.CustomerAsync());
        var empty = (await Client.GetAsync($"/v1/invoices/{draft}", ("expand[]", "payments"))).AssertOk().Body["payments"]!;
        Assert.Empty(empty["data"]!.AsArray());
        Assert.Equal("/v1/invoice_payments", Str(empty["url"]));
        // Through another object's expansion (a balance transaction's invoice).
        var customer = await _kit.Invoices.CustomerAsync(("balance", "-100"));
        var inv = await _kit.Invoices.DraftAsync(customer);
        await _kit.Invoices.ItemAsync(customer, inv, ("amount", "1000"));
        await _kit.Invoices.FinalizeAsync(inv);
        (await _kit.AttachAsync(inv, await _kit.RecordAsync(100))).AssertOk();
        var txn = (await Client.GetAsync($"/v1/customers/{customer}/balance_transactions", ("expand[]", "data.invoice.payments"))).AssertOk().Body["data"]![0]!;
        Assert.Equal(1, Count(txn["invoice"]!));
    }

    [Fact]
    public async Task Only_the_first_ten_payments_are_embedded()
    {
        var (_, invoice) = await _kit.Invoices.OpenInvoiceAsync(100_000);
        for (var i = 0; i < 11; i++) (await _kit.AttachAsync(invoice, await _kit.RecordAsync(100 + i), expandPayments: false)).AssertOk();
        var payments = (await _kit.InvoiceWithPaymentsAsync(invoice))["payments"]!;
        Assert.Equal(10, payments["data"]!.AsArray().Count);
        Assert.True(payments["has_more"]!.GetValue<bool>());
        Assert.Equal(110, Long(payments["data"]![0]!["amount_paid"]));
        Assert.Equal(11, (await _kit.PaymentsOfAsync(invoice)).Count);
    }
}
