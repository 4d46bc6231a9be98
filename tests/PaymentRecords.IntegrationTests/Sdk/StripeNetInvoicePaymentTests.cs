using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// The changelog flow through the official Stripe.net client: a payment record reported pending, attached with
/// <c>InvoiceService.AttachPayment</c> (<c>PaymentRecord</c>, <c>Expand = ["payments"]</c>), guaranteed, and found
/// again with <c>InvoicePaymentService.List</c> filtered by <c>Payment = {Type = "payment_record", PaymentRecord = …}</c>.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetInvoicePaymentTests(ServerFixture fixture)
{
    private StripeClient NewClient() =>
        new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    private static PaymentRecordReportPaymentOptions Report(long value, string customer, bool guaranteed) => new()
    {
        AmountRequested = new PaymentRecordAmountRequestedOptions { Currency = "usd", Value = value },
        InitiatedAt = DateTimeOffset.FromUnixTimeSeconds(1_730_000_000).UtcDateTime,
        PaymentMethodDetails = new PaymentRecordPaymentMethodDetailsOptions
        {
            Custom = new PaymentRecordPaymentMethodDetailsCustomOptions { DisplayName = "Bank wire", Type = "cpmt_123" },
            Type = "custom",
        },
        CustomerDetails = new PaymentRecordCustomerDetailsOptions { Customer = customer },
        Outcome = guaranteed ? "guaranteed" : null,
        Guaranteed = guaranteed
            ? new PaymentRecordGuaranteedOptions { GuaranteedAt = DateTimeOffset.FromUnixTimeSeconds(1_730_000_100).UtcDateTime }
            : null,
    };

    [Fact]
    public async Task Attach_payment_records_and_list_invoice_payments_through_stripe_net()
    {
        var client = NewClient();
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "sdk-inpay@example.com" });
        var draft = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id });
        await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Invoice = draft.Id, Amount = 5000, Currency = "usd" });
        var invoice = await client.V1.Invoices.FinalizeInvoiceAsync(draft.Id);
        Assert.Equal("open", invoice.Status);

        // Guaranteed: credited at once.
        var guaranteed = await client.V1.PaymentRecords.ReportPaymentAsync(Report(2000, customer.Id, guaranteed: true));
        var partial = await client.V1.Invoices.AttachPaymentAsync(invoice.Id, new InvoiceAttachPaymentOptions
        {
            PaymentRecord = guaranteed.Id,
            Expand = ["payments"],
        });
        Assert.Equal("open", partial.Status);
        Assert.Equal(2000, partial.AmountPaid);
        Assert.Equal(3000, partial.AmountRemaining);
        var first = Assert.Single(partial.Payments.Data);
        Assert.StartsWith("inpay_", first.Id);
        Assert.Equal("paid", first.Status);
        Assert.Equal(2000, first.AmountPaid);
        Assert.Equal(2000, first.AmountRequested);
        Assert.Equal("payment_record", first.Payment.Type);
        Assert.Equal(guaranteed.Id, first.Payment.PaymentRecordId);
        Assert.Equal(invoice.Id, first.InvoiceId);
        Assert.False(first.IsDefault);
        Assert.NotNull(first.StatusTransitions.PaidAt);
        Assert.Null(first.StatusTransitions.CanceledAt);

        // Pending: open until the record is guaranteed.
        var pending = await client.V1.PaymentRecords.ReportPaymentAsync(Report(3000, customer.Id, guaranteed: false));
        var waiting = await client.V1.Invoices.AttachPaymentAsync(invoice.Id, new InvoiceAttachPaymentOptions
        {
            PaymentRecord = pending.Id,
            Expand = ["payments"],
        });
        Assert.Equal("open", waiting.Status);
        Assert.Equal(3000, waiting.AmountRemaining);
        Assert.Equal(2, waiting.Payments.Data.Count);
        var open = waiting.Payments.Data[0];
        Assert.Equal("open", open.Status);
        Assert.Null(open.AmountPaid);

        await client.V1.PaymentRecords.ReportPaymentAttemptGuaranteedAsync(pending.Id, new PaymentRecordReportPaymentAttemptGuaranteedOptions
        {
            GuaranteedAt = DateTimeOffset.FromUnixTimeSeconds(1_730_000_200).UtcDateTime,
        });
        var paid = await client.V1.Invoices.GetAsync(invoice.Id, new InvoiceGetOptions { Expand = ["payments"] });
        Assert.Equal("paid", paid.Status);
        Assert.Equal(5000, paid.AmountPaid);
        Assert.Equal(0, paid.AmountRemaining);
        Assert.NotNull(paid.StatusTransitions.PaidAt);
        Assert.All(paid.Payments.Data, p => Assert.Equal("paid", p.Status));

        var byRecord = await client.V1.InvoicePayments.ListAsync(new InvoicePaymentListOptions
        {
            Payment = new InvoicePaymentPaymentOptions { Type = "payment_record", PaymentRecord = pending.Id },
        });
        var found = Assert.Single(byRecord.Data);
        Assert.Equal(open.Id, found.Id);
        Assert.Equal(3000, found.AmountPaid);
        Assert.Equal(pending.Id, found.Payment.PaymentRecordId);

        var byInvoice = await client.V1.InvoicePayments.ListAsync(new InvoicePaymentListOptions { Invoice = invoice.Id, Status = "paid" });
        Assert.Equal([open.Id, first.Id], byInvoice.Data.Select(p => p.Id));
        var all = new List<string>();
        await foreach (var p in client.V1.InvoicePayments.ListAutoPagingAsync(new InvoicePaymentListOptions { Limit = 1 })) all.Add(p.Id);
        Assert.Equal([open.Id, first.Id], all);

        var expanded = await client.V1.InvoicePayments.GetAsync(first.Id, new InvoicePaymentGetOptions { Expand = ["invoice", "payment.payment_record"] });
        Assert.Equal(invoice.Id, expanded.Invoice.Id);
        Assert.Equal(guaranteed.Id, expanded.Payment.PaymentRecord.Id);
        Assert.Equal(2000, expanded.Payment.PaymentRecord.AmountGuaranteed.Value);

        var error = await Assert.ThrowsAsync<StripeException>(() => client.V1.Invoices.AttachPaymentAsync(invoice.Id,
            new InvoiceAttachPaymentOptions { PaymentIntent = "pi_123" }));
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("payment_intent", error.StripeError.Param);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.HttpStatusCode);
    }
}
