using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>Credit notes through the official Stripe.net client, including the payment-record refund flow.</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetCreditNoteTests(ServerFixture fixture)
{
    private static readonly DateTime At = new(2025, 10, 29, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A guaranteed bank-wire payment of <paramref name="amount"/> cents, reported for the customer (the guide's record).</summary>
    internal static PaymentRecordReportPaymentOptions GuaranteedWire(string customerId, long amount) => new()
    {
        AmountRequested = new PaymentRecordAmountRequestedOptions { Currency = "usd", Value = amount },
        InitiatedAt = At,
        Outcome = "guaranteed",
        Guaranteed = new PaymentRecordGuaranteedOptions { GuaranteedAt = At.AddMinutes(1) },
        PaymentMethodDetails = new PaymentRecordPaymentMethodDetailsOptions
        {
            Type = "custom",
            Custom = new PaymentRecordPaymentMethodDetailsCustomOptions { DisplayName = "Bank wire", Type = "cpmt_123" },
        },
        CustomerDetails = new PaymentRecordCustomerDetailsOptions { Customer = customerId },
    };

    private StripeClient NewClient() =>
        new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    private static async Task<Invoice> OpenInvoiceAsync(StripeClient client, string customer, long amount)
    {
        var invoice = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer });
        await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions { Customer = customer, Invoice = invoice.Id, Amount = amount, Currency = "usd" });
        return await client.V1.Invoices.FinalizeInvoiceAsync(invoice.Id);
    }

    [Fact]
    public async Task Payment_record_refund_credit_note_through_stripe_net()
    {
        var client = NewClient();
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "c@example.com" });
        var invoice = await OpenInvoiceAsync(client, customer.Id, 4000);

        var record = await client.V1.PaymentRecords.ReportPaymentAsync(GuaranteedWire(customer.Id, 4000));
        invoice = await client.V1.Invoices.AttachPaymentAsync(invoice.Id, new InvoiceAttachPaymentOptions { PaymentRecord = record.Id });
        Assert.Equal("paid", invoice.Status);
        await client.V1.PaymentRecords.ReportRefundAsync(record.Id, new PaymentRecordReportRefundOptions
        {
            Outcome = "refunded",
            Amount = new PaymentRecordAmountOptions { Currency = "usd", Value = 1200 },
            ProcessorDetails = new PaymentRecordProcessorDetailsOptions
            {
                Type = "custom",
                Custom = new PaymentRecordProcessorDetailsCustomOptions { RefundReference = "sdk-refund-" + record.Id },
            },
            Refunded = new PaymentRecordRefundedOptions { RefundedAt = At.AddDays(1) },
        });

        var options = new CreditNoteCreateOptions
        {
            Invoice = invoice.Id,
            Refunds =
            [
                new CreditNoteRefundOptions
                {
                    Type = "payment_record_refund",
                    PaymentRecordRefund = new CreditNoteRefundPaymentRecordRefundOptions
                    {
                        PaymentRecord = record.Id,
                        RefundGroup = "sdk-refund-" + record.Id,
                    },
                },
            ],
            Memo = "Refunded by wire",
            Reason = "product_unsatisfactory",
        };

        // Preview first (GET with the create parameters bracket-encoded), then create: the same note.
        var preview = await client.V1.CreditNotes.PreviewAsync(new CreditNotePreviewOptions
        {
            Invoice = invoice.Id,
            Refunds =
            [
                new CreditNoteRefundOptions
                {
                    Type = "payment_record_refund",
                    PaymentRecordRefund = new CreditNoteRefundPaymentRecordRefundOptions { PaymentRecord = record.Id, RefundGroup = "sdk-refund-" + record.Id },
                },
            ],
            Memo = "Refunded by wire",
            Reason = "product_unsatisfactory",
        });
        Assert.Equal(1200, preview.Amount);

        var note = await client.V1.CreditNotes.CreateAsync(options);
        Assert.StartsWith("cn_", note.Id);
        Assert.Equal(1200, note.Amount);
        Assert.Equal(preview.Number, note.Number);
        Assert.Equal(1200, note.PostPaymentAmount);
        Assert.Equal(0, note.PrePaymentAmount);
        Assert.Equal("post_payment", note.Type);
        Assert.Equal("issued", note.Status);
        Assert.Equal("Refunded by wire", note.Memo);
        var refund = Assert.Single(note.Refunds);
        Assert.Equal("payment_record_refund", refund.Type);
        Assert.Equal(1200, refund.AmountRefunded);
        Assert.Equal(record.Id, refund.PaymentRecordRefund.PaymentRecord);
        Assert.Equal("sdk-refund-" + record.Id, refund.PaymentRecordRefund.RefundGroup);
        Assert.Equal(invoice.Id, note.InvoiceId);
        Assert.Equal(customer.Id, note.CustomerId);
        var line = Assert.Single(note.Lines.Data);
        Assert.Equal(1200, line.Amount);

        invoice = await client.V1.Invoices.GetAsync(invoice.Id);
        Assert.Equal(1200, invoice.PostPaymentCreditNotesAmount);

        var listed = await client.V1.CreditNotes.ListAsync(new CreditNoteListOptions { Invoice = invoice.Id });
        Assert.Equal(note.Id, Assert.Single(listed.Data).Id);
        var lines = await client.V1.CreditNotes.ListLineItemsAsync(note.Id);
        Assert.Equal(line.Id, Assert.Single(lines.Data).Id);

        var updated = await client.V1.CreditNotes.UpdateAsync(note.Id, new CreditNoteUpdateOptions
        {
            Metadata = new Dictionary<string, string> { ["ticket"] = "T-1" },
        });
        Assert.Equal("T-1", updated.Metadata["ticket"]);

        // "You can void a credit note only if it's on an open invoice": a refund's credit note on a paid invoice stays.
        var ex = await Assert.ThrowsAsync<StripeException>(() => client.V1.CreditNotes.VoidCreditNoteAsync(note.Id));
        Assert.Equal((400, "You can only void a credit note if the associated invoice is open."), ((int)ex.HttpStatusCode, ex.StripeError.Message));
        Assert.Equal("issued", (await client.V1.CreditNotes.GetAsync(note.Id)).Status);
        Assert.Equal(1200, (await client.V1.Invoices.GetAsync(invoice.Id)).PostPaymentCreditNotesAmount);
    }

    [Fact]
    public async Task Amount_lines_and_preview_lines_through_stripe_net()
    {
        var client = NewClient();
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions());
        var invoice = await OpenInvoiceAsync(client, customer.Id, 1000);
        var invoiceLine = invoice.Lines.Data[0].Id;

        var previewLines = await client.V1.CreditNotes.PreviewLines.ListAsync(new CreditNotePreviewLinesListOptions
        {
            Invoice = invoice.Id,
            Lines =
            [
                new CreditNotePreviewLinesLineOptions { Type = "invoice_line_item", InvoiceLineItem = invoiceLine, Amount = 200 },
                new CreditNotePreviewLinesLineOptions { Type = "custom_line_item", UnitAmount = 50, Quantity = 2, Description = "Late fee waived" },
            ],
        });
        Assert.Equal([200L, 100L], previewLines.Data.Select(l => l.Amount));

        var note = await client.V1.CreditNotes.CreateAsync(new CreditNoteCreateOptions
        {
            Invoice = invoice.Id,
            Lines =
            [
                new CreditNoteLineOptions { Type = "invoice_line_item", InvoiceLineItem = invoiceLine, Amount = 200 },
                new CreditNoteLineOptions { Type = "custom_line_item", UnitAmount = 50, Quantity = 2, Description = "Late fee waived" },
            ],
        });
        Assert.Equal(300, note.Amount);
        Assert.Equal("pre_payment", note.Type);
        Assert.Equal(invoiceLine, note.Lines.Data[0].InvoiceLineItem);
        invoice = await client.V1.Invoices.GetAsync(invoice.Id);
        Assert.Equal(700, invoice.AmountRemaining);
        Assert.Equal(300, invoice.PrePaymentCreditNotesAmount);

        var byAmount = await client.V1.CreditNotes.CreateAsync(new CreditNoteCreateOptions { Invoice = invoice.Id, Amount = 700 });
        Assert.Equal("pre_payment", byAmount.Type);
        invoice = await client.V1.Invoices.GetAsync(invoice.Id);
        Assert.Equal("paid", invoice.Status);

        var ex = await Assert.ThrowsAsync<StripeException>(() => client.V1.CreditNotes.CreateAsync(new CreditNoteCreateOptions
        {
            Invoice = invoice.Id,
            Amount = 100,
            RefundAmount = 100,
        }));
        Assert.Equal("refund_amount", ex.StripeError.Param);
    }
}
