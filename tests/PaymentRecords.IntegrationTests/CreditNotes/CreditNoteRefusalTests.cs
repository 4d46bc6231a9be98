using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.CreditNotes.CreditNoteKit;

namespace PaymentRecords.IntegrationTests.CreditNotes;

/// <summary>Every refusal of POST /v1/credit_notes, with the parameter it names; a refused note changes nothing.</summary>
[Collection(ServerCollection.Name)]
public sealed class CreditNoteRefusalTests(ServerFixture fixture)
{
    private readonly CreditNoteKit _kit = new(fixture);

    private async Task<StripeResponse> Refused(HttpStatusCode status, string? code, string? param, params (string, string)[] form)
    {
        var r = await _kit.CreateAsync(form);
        r.AssertError(status, code, param);
        Assert.Equal("invalid_request_error", Str(r.Error["type"]));
        Assert.False(string.IsNullOrWhiteSpace(r.ErrorMessage));
        if (param is not null) Assert.Equal(param, r.ErrorParam);
        return r;
    }

    [Fact]
    public async Task Draft_and_void_invoices_take_no_credit_notes()
    {
        var customer = await _kit.Invoices.CustomerAsync();
        var draft = await _kit.Invoices.DraftAsync(customer);
        await _kit.Invoices.ItemAsync(customer, draft, ("amount", "1000"));
        var r = await Refused(HttpStatusCode.BadRequest, null, "invoice", ("invoice", draft), ("amount", "100"));
        Assert.Contains("draft", r.ErrorMessage);
        var (_, open) = await _kit.OpenInvoiceAsync(1000);
        (await _kit.Invoices.ActionAsync(open, "void")).AssertOk();
        r = await Refused(HttpStatusCode.BadRequest, null, "invoice", ("invoice", open), ("amount", "100"));
        Assert.Contains("void", r.ErrorMessage);
        await Refused(HttpStatusCode.NotFound, "resource_missing", "invoice", ("invoice", "in_missing"), ("amount", "100"));
        await Refused(HttpStatusCode.BadRequest, "parameter_missing", "invoice", ("amount", "100"));
        // Preview refuses the same way.
        (await _kit.PreviewAsync(("invoice", draft), ("amount", "100"))).AssertError(HttpStatusCode.BadRequest, null, "invoice");
    }

    [Fact]
    public async Task Amount_limits()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        await Refused(HttpStatusCode.BadRequest, "parameter_missing", "amount", ("invoice", invoice));
        await Refused(HttpStatusCode.BadRequest, "parameter_missing", "amount", ("invoice", invoice), ("memo", "no amount"));
        await Refused(HttpStatusCode.BadRequest, "amount_too_small", "amount", ("invoice", invoice), ("amount", "0"));
        await Refused(HttpStatusCode.BadRequest, null, "amount", ("invoice", invoice), ("amount", "-5"));
        await Refused(HttpStatusCode.BadRequest, "parameter_invalid_integer", "amount", ("invoice", invoice), ("amount", "ten"));
        var r = await Refused(HttpStatusCode.BadRequest, "amount_too_large", "amount", ("invoice", invoice), ("amount", "1001"));
        Assert.Contains("1000", r.ErrorMessage);
        // Pre-payment notes take no post-payment allocation.
        await Refused(HttpStatusCode.BadRequest, null, "amount", ("invoice", invoice), ("amount", "100"), ("credit_amount", "100"));
        await Refused(HttpStatusCode.BadRequest, null, "amount", ("invoice", invoice), ("amount", "100"), ("out_of_band_amount", "1"));
        await Refused(HttpStatusCode.BadRequest, null, "credit_amount", ("invoice", invoice), ("amount", "100"), ("credit_amount", "-1"));
        await Refused(HttpStatusCode.BadRequest, null, "out_of_band_amount", ("invoice", invoice), ("amount", "100"), ("out_of_band_amount", "-1"));
        await AssertUntouchedAsync(invoice, 1000);
    }

    [Fact]
    public async Task The_post_payment_part_must_be_allocated_exactly()
    {
        var (_, invoice) = await _kit.PaidInvoiceAsync(1000);
        var r = await Refused(HttpStatusCode.BadRequest, null, "out_of_band_amount", ("invoice", invoice), ("amount", "300"));
        Assert.Contains("(0)", r.ErrorMessage);
        Assert.Contains("(300)", r.ErrorMessage);
        await Refused(HttpStatusCode.BadRequest, null, "out_of_band_amount", ("invoice", invoice), ("amount", "300"), ("credit_amount", "100"),
            ("out_of_band_amount", "100"));
        await Refused(HttpStatusCode.BadRequest, null, "amount", ("invoice", invoice), ("amount", "300"), ("credit_amount", "301"));
        (await _kit.CreateAsync(("invoice", invoice), ("amount", "300"), ("credit_amount", "100"), ("out_of_band_amount", "200"))).AssertOk();
        // Post-payment parts never exceed amount_paid: 700 left.
        await Refused(HttpStatusCode.BadRequest, "amount_too_large", "amount", ("invoice", invoice), ("amount", "701"), ("out_of_band_amount", "701"));
    }

    [Fact]
    public async Task Refund_amount_has_no_Stripe_charge_to_refund()
    {
        var (_, invoice) = await _kit.PaidInvoiceAsync(1000);
        var r = await Refused(HttpStatusCode.BadRequest, null, "refund_amount", ("invoice", invoice), ("amount", "300"), ("refund_amount", "300"));
        Assert.Contains("no Stripe charge", r.ErrorMessage);
        await Refused(HttpStatusCode.BadRequest, null, "refund_amount", ("invoice", invoice), ("amount", "300"), ("refund_amount", "-1"));
        // refund_amount=0 is accepted (nothing to refund).
        (await _kit.CreateAsync(("invoice", invoice), ("amount", "300"), ("refund_amount", "0"), ("out_of_band_amount", "300"))).AssertOk();
    }

    [Fact]
    public async Task Stripe_refunds_shipping_rates_and_tax_rates_are_not_held_here()
    {
        var (_, invoice) = await _kit.PaidInvoiceAsync(1000);
        var r = await Refused(HttpStatusCode.NotFound, "resource_missing", "refunds[0][refund]", ("invoice", invoice), ("amount", "300"),
            ("refunds[0][refund]", "re_123"), ("refunds[0][amount_refunded]", "300"));
        Assert.Equal("No such refund: 're_123'", r.ErrorMessage);
        await Refused(HttpStatusCode.NotFound, "resource_missing", "refunds[0][refund]", ("invoice", invoice), ("amount", "300"),
            ("refunds[0][type]", "refund"), ("refunds[0][refund]", "re_456"));
        await Refused(HttpStatusCode.BadRequest, "parameter_missing", "refunds[0][refund]", ("invoice", invoice), ("amount", "300"),
            ("refunds[0][type]", "refund"), ("refunds[0][amount_refunded]", "300"));
        await Refused(HttpStatusCode.BadRequest, null, "refunds[0][payment_record_refund]", ("invoice", invoice), ("amount", "300"),
            ("refunds[0][type]", "refund"), ("refunds[0][payment_record_refund][payment_record]", "pr_1"),
            ("refunds[0][payment_record_refund][refund_group]", "g"));
        await Refused(HttpStatusCode.BadRequest, "parameter_missing", "refunds[0][payment_record_refund]", ("invoice", invoice), ("amount", "300"),
            ("refunds[0][type]", "payment_record_refund"));
        await Refused(HttpStatusCode.BadRequest, null, "refunds[0][refund]", ("invoice", invoice), ("amount", "300"),
            ("refunds[0][type]", "payment_record_refund"), ("refunds[0][refund]", "re_1"),
            ("refunds[0][payment_record_refund][payment_record]", "pr_1"), ("refunds[0][payment_record_refund][refund_group]", "g"));
        await Refused(HttpStatusCode.BadRequest, "parameter_missing", "refunds[0][payment_record_refund][refund_group]", ("invoice", invoice),
            ("amount", "300"), ("refunds[0][type]", "payment_record_refund"), ("refunds[0][payment_record_refund][payment_record]", "pr_1"));
        await Refused(HttpStatusCode.BadRequest, null, "refunds[0][type]", ("invoice", invoice), ("amount", "300"), ("refunds[0][type]", "charge"));

        var shipping = await Refused(HttpStatusCode.NotFound, "resource_missing", "shipping_cost[shipping_rate]", ("invoice", invoice),
            ("shipping_cost[shipping_rate]", "shr_123"));
        Assert.Equal("No such shipping rate: 'shr_123'", shipping.ErrorMessage);
        await Refused(HttpStatusCode.NotFound, "resource_missing", "lines[0][tax_rates][0]", ("invoice", invoice),
            ("lines[0][type]", "custom_line_item"), ("lines[0][unit_amount]", "100"), ("lines[0][tax_rates][0]", "txr_1"));
        await Refused(HttpStatusCode.NotFound, "resource_missing", "lines[0][tax_amounts][0][tax_rate]", ("invoice", invoice),
            ("lines[0][type]", "custom_line_item"), ("lines[0][unit_amount]", "100"), ("lines[0][tax_amounts][0][tax_rate]", "txr_1"),
            ("lines[0][tax_amounts][0][amount]", "5"), ("lines[0][tax_amounts][0][taxable_amount]", "100"));
        await AssertUntouchedAsync(invoice, 1000, paid: true);
    }

    [Fact]
    public async Task Line_refusals()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        var line = Str((await _kit.Client.GetAsync($"/v1/invoices/{invoice}/lines")).AssertOk().Body["data"]![0]!["id"]);
        (string, string)[] InvoiceLine(params (string, string)[] extra) =>
            [("invoice", invoice), ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", line), .. extra];
        (string, string)[] Custom(params (string, string)[] extra) => [("invoice", invoice), ("lines[0][type]", "custom_line_item"), .. extra];

        await Refused(HttpStatusCode.BadRequest, "parameter_missing", "lines[0][type]", ("invoice", invoice), ("lines[0][amount]", "5"));
        await Refused(HttpStatusCode.BadRequest, null, "lines[0][type]", ("invoice", invoice), ("lines[0][type]", "other"));
        await Refused(HttpStatusCode.BadRequest, "parameter_missing", "lines[0][invoice_line_item]", ("invoice", invoice),
            ("lines[0][type]", "invoice_line_item"), ("lines[0][amount]", "5"));
        await Refused(HttpStatusCode.NotFound, "resource_missing", "lines[0][invoice_line_item]", ("invoice", invoice),
            ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", "il_missing"), ("lines[0][amount]", "5"));
        await Refused(HttpStatusCode.BadRequest, "parameter_missing", "lines[0][quantity]", InvoiceLine());
        await Refused(HttpStatusCode.BadRequest, "parameters_exclusive", null, InvoiceLine(("lines[0][amount]", "5"), ("lines[0][quantity]", "1")));
        await Refused(HttpStatusCode.BadRequest, "amount_too_large", "lines[0][amount]", InvoiceLine(("lines[0][amount]", "1001")));
        await Refused(HttpStatusCode.BadRequest, null, "lines[0][quantity]", InvoiceLine(("lines[0][quantity]", "2")));
        await Refused(HttpStatusCode.BadRequest, "amount_too_small", "lines[0][quantity]", InvoiceLine(("lines[0][quantity]", "0")));
        await Refused(HttpStatusCode.BadRequest, "amount_too_small", "lines[0][amount]", InvoiceLine(("lines[0][amount]", "0")));
        await Refused(HttpStatusCode.BadRequest, null, "lines[0][unit_amount]", InvoiceLine(("lines[0][amount]", "5"), ("lines[0][unit_amount]", "5")));
        await Refused(HttpStatusCode.BadRequest, null, "lines[0][description]", InvoiceLine(("lines[0][amount]", "5"), ("lines[0][description]", "x")));
        await Refused(HttpStatusCode.BadRequest, null, "lines[0][invoice_line_item]", Custom(("lines[0][invoice_line_item]", line), ("lines[0][unit_amount]", "5")));
        await Refused(HttpStatusCode.BadRequest, null, "lines[0][amount]", Custom(("lines[0][amount]", "5")));
        await Refused(HttpStatusCode.BadRequest, "parameter_missing", "lines[0][unit_amount]", Custom(("lines[0][description]", "x")));
        await Refused(HttpStatusCode.BadRequest, "parameters_exclusive", null, Custom(("lines[0][unit_amount]", "5"), ("lines[0][unit_amount_decimal]", "5")));
        await Refused(HttpStatusCode.BadRequest, null, "lines[0][unit_amount_decimal]", Custom(("lines[0][unit_amount_decimal]", "1.2.3")));
        await Refused(HttpStatusCode.BadRequest, null, "lines[0][unit_amount]", Custom(("lines[0][unit_amount]", "-5")));
        await Refused(HttpStatusCode.BadRequest, "amount_too_small", "amount", Custom(("lines[0][unit_amount]", "0")));
        await Refused(HttpStatusCode.BadRequest, "amount_too_large", "amount", Custom(("lines[0][unit_amount]", "1001")));
        await Refused(HttpStatusCode.BadRequest, null, "amount", Custom(("lines[0][unit_amount]", "100"), ("amount", "99")));
        // Two lines of one request count against the same invoice line.
        await Refused(HttpStatusCode.BadRequest, "amount_too_large", "lines[1][amount]", ("invoice", invoice),
            ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", line), ("lines[0][amount]", "600"),
            ("lines[1][type]", "invoice_line_item"), ("lines[1][invoice_line_item]", line), ("lines[1][amount]", "600"));
        // A line of another invoice is not a line of this one.
        var (_, other) = await _kit.OpenInvoiceAsync(1000);
        await Refused(HttpStatusCode.NotFound, "resource_missing", "lines[0][invoice_line_item]", ("invoice", other),
            ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", line), ("lines[0][amount]", "5"));
        await AssertUntouchedAsync(invoice, 1000);
    }

    [Fact]
    public async Task Payment_record_refund_refusals()
    {
        var group = "refusal-group-" + Guid.NewGuid().ToString("N");
        var (customer, invoice, record) = await _kit.PaidByRecordAsync(1000, 400, group);
        // Unknown record: 404 on its param.
        await Refused(HttpStatusCode.NotFound, "resource_missing", "refunds[0][payment_record_refund][payment_record]",
            [("invoice", invoice), .. Cite(0, "pr_missing", group)]);
        // A record of the account that is not attached to this invoice.
        var loose = (await PaymentRecords.Reports.ReportAsync(_kit.Client, PaymentRecords.Reports.Guaranteed(500))).Id;
        await _kit.ReportRefundAsync(loose, "loose-" + loose, 100);
        var r = await Refused(HttpStatusCode.BadRequest, null, "refunds[0][payment_record_refund][payment_record]",
            [("invoice", invoice), .. Cite(0, loose, "loose-" + loose)]);
        Assert.Contains("not attached", r.ErrorMessage);
        // A group the record never reported (or reported on another record).
        r = await Refused(HttpStatusCode.BadRequest, null, "refunds[0][payment_record_refund][refund_group]",
            [("invoice", invoice), .. Cite(0, record, "never-reported")]);
        Assert.Contains("never-reported", r.ErrorMessage);
        await Refused(HttpStatusCode.BadRequest, null, "refunds[0][payment_record_refund][refund_group]",
            [("invoice", invoice), .. Cite(0, record, "loose-" + loose)]);
        // More than the group refunded.
        r = await Refused(HttpStatusCode.BadRequest, "amount_too_large", "refunds[0][amount_refunded]",
            [("invoice", invoice), .. Cite(0, record, group, 401)]);
        Assert.Contains("(400)", r.ErrorMessage);
        await Refused(HttpStatusCode.BadRequest, "amount_too_small", "refunds[0][amount_refunded]", [("invoice", invoice), .. Cite(0, record, group, 0)]);
        // The same group twice in one request counts once against the group.
        await Refused(HttpStatusCode.BadRequest, null, "refunds[1][payment_record_refund][refund_group]",
            [("invoice", invoice), .. Cite(0, record, group), .. Cite(1, record, group)]);
        await Refused(HttpStatusCode.BadRequest, "amount_too_large", "refunds[1][amount_refunded]",
            [("invoice", invoice), .. Cite(0, record, group, 300), .. Cite(1, record, group, 101)]);
        // Cited in full, then exhausted.
        (await _kit.CreateAsync([("invoice", invoice), .. Cite(0, record, group)])).AssertOk();
        r = await Refused(HttpStatusCode.BadRequest, null, "refunds[0][payment_record_refund][refund_group]", [("invoice", invoice), .. Cite(0, record, group)]);
        Assert.Contains("fully cited", r.ErrorMessage);
        // A citation must still add up with the amount: 300 of refunds cannot make a 400 post-payment note.
        var group2 = "refusal-b-" + Guid.NewGuid().ToString("N");
        var (_, invoice2, record2) = await _kit.PaidByRecordAsync(1000, 300, group2);
        await Refused(HttpStatusCode.BadRequest, null, "out_of_band_amount", [("invoice", invoice2), ("amount", "400"), .. Cite(0, record2, group2)]);
        Assert.NotNull(customer);
    }

    private async Task AssertUntouchedAsync(string invoice, long total, bool paid = false)
    {
        var inv = await _kit.Invoices.GetAsync(invoice);
        Assert.Equal(0, Long(inv["pre_payment_credit_notes_amount"]));
        Assert.Equal(paid ? "paid" : "open", Str(inv["status"]));
        Assert.Equal(paid ? 0 : total, Long(inv["amount_remaining"]));
        Assert.Empty((await _kit.Client.GetAsync("/v1/credit_notes", ("invoice", invoice))).AssertOk().Body["data"]!.AsArray());
        Assert.Empty(await _kit.Invoices.EventsAsync("credit_note.created"));
    }
}
