using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>Invoices through the official Stripe.net client: draft → open → paid out of band.</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetInvoiceTests(ServerFixture fixture)
{
    private StripeClient NewClient() =>
        new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    [Fact]
    public async Task Draft_open_paid_out_of_band_through_stripe_net()
    {
        var client = NewClient();
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Email = "sdk-invoice@example.com",
            InvoicePrefix = "SDKINV",
            Balance = -250,
        });

        var draft = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions
        {
            Customer = customer.Id,
            Description = "Stripe.net flow",
            PaymentSettings = new InvoicePaymentSettingsOptions { PaymentMethodTypes = ["custom", "card"] },
            Metadata = new Dictionary<string, string> { ["order"] = "42" },
        });
        Assert.StartsWith("in_", draft.Id);
        Assert.Equal("draft", draft.Status);
        Assert.Equal("usd", draft.Currency);
        Assert.False(draft.AutoAdvance);
        Assert.Equal(["custom", "card"], draft.PaymentSettings.PaymentMethodTypes);
        Assert.Equal(-250, draft.StartingBalance);

        var item = await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions
        {
            Customer = customer.Id,
            Invoice = draft.Id,
            Amount = 1000,
            Currency = "usd",
            Description = "Consulting",
        });
        Assert.StartsWith("ii_", item.Id);
        Assert.Equal(draft.Id, item.InvoiceId);
        var decimalItem = await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions
        {
            Customer = customer.Id,
            Invoice = draft.Id,
            UnitAmountDecimal = 12.345m,
            Quantity = 2,
        });
        Assert.Equal(25, decimalItem.Amount); // 24.69 → 25
        Assert.Equal(12.345m, decimalItem.Pricing.UnitAmountDecimal);

        var withLine = await client.V1.Invoices.AddLinesAsync(draft.Id, new InvoiceAddLinesOptions
        {
            Lines = [new InvoiceLineOptions { Amount = 500, Description = "Setup" }],
        });
        Assert.Equal(1525, withLine.Total);
        Assert.Equal(3, withLine.Lines.Data.Count);
        // The line add_lines made comes first (recorded against Stripe), then the items in the order they joined.
        Assert.Equal("Setup", withLine.Lines.Data[0].Description);
        Assert.Equal(item.Id, withLine.Lines.Data[1].Parent.InvoiceItemDetails.InvoiceItem);

        var lines = new List<InvoiceLineItem>();
        await foreach (var line in client.V1.Invoices.LineItems.ListAutoPagingAsync(draft.Id, new InvoiceLineItemListOptions { Limit = 2 }))
            lines.Add(line);
        Assert.Equal(withLine.Lines.Data.Select(l => l.Id), lines.Select(l => l.Id));

        // auto_advance on: invoice.payment_attempt_required is sent (Stripe sends it only with auto_advance).
        var open = await client.V1.Invoices.FinalizeInvoiceAsync(draft.Id, new InvoiceFinalizeOptions { AutoAdvance = true });
        Assert.Equal("open", open.Status);
        Assert.Equal("SDKINV-0001", open.Number);
        Assert.Equal(1275, open.AmountDue);
        Assert.Equal(0, open.EndingBalance);
        Assert.NotNull(open.StatusTransitions.FinalizedAt);
        // Published at finalize, at this server (docs/endpoints-invoices.md).
        Assert.StartsWith(fixture.Server.BaseAddress.ToString().TrimEnd('/') + "/i/acct_", open.HostedInvoiceUrl);
        Assert.EndsWith("/pdf?s=ap", open.InvoicePdf);
        Assert.Null(draft.HostedInvoiceUrl);

        var error = await Assert.ThrowsAsync<StripeException>(() => client.V1.Invoices.PayAsync(draft.Id, new InvoicePayOptions()));
        Assert.Equal("invalid_request_error", error.StripeError.Type);

        var paid = await client.V1.Invoices.PayAsync(draft.Id, new InvoicePayOptions { PaidOutOfBand = true });
        Assert.Equal("paid", paid.Status);
        Assert.Equal(1275, paid.AmountPaid);
        Assert.Equal(0, paid.AmountRemaining);
        Assert.NotNull(paid.StatusTransitions.PaidAt);

        var again = await Assert.ThrowsAsync<StripeException>(() => client.V1.Invoices.PayAsync(draft.Id, new InvoicePayOptions { PaidOutOfBand = true }));
        Assert.Equal("Invoice is already paid", again.StripeError.Message);

        var fetched = await client.V1.Invoices.GetAsync(draft.Id, new InvoiceGetOptions { Expand = ["customer"] });
        Assert.Equal(customer.Id, fetched.Customer.Id);
        Assert.Equal("sdk-invoice@example.com", fetched.Customer.Email);

        var listed = await client.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id, Status = "paid" });
        Assert.Equal(draft.Id, Assert.Single(listed.Data).Id);

        var ledger = await client.V1.Customers.BalanceTransactions.ListAsync(customer.Id);
        // Newest first: the invoice's entry, then the starting balance the customer was created with.
        Assert.Equal(["applied_to_invoice", "initial"], ledger.Data.Select(t => t.Type));
        var applied = ledger.Data[0];
        Assert.Equal(250, applied.Amount);
        Assert.Equal(draft.Id, applied.InvoiceId);

        var events = await client.V1.Events.ListAsync(new EventListOptions { Type = "invoice.*", Limit = 100 });
        Assert.Contains(events.Data, e => e.Type == "invoice.payment_attempt_required");
        Assert.Contains(events.Data, e => e.Type == "invoice.paid");
    }

    [Fact]
    public async Task Void_and_delete_through_stripe_net()
    {
        var client = NewClient();
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions());
        var pending = await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Amount = 300, Currency = "usd" });
        var draft = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id, PendingInvoiceItemsBehavior = "include" });
        Assert.Equal(300, draft.Total);
        Assert.Equal(pending.Id, draft.Lines.Data.Single().Parent.InvoiceItemDetails.InvoiceItem);

        var open = await client.V1.Invoices.FinalizeInvoiceAsync(draft.Id);
        var voided = await client.V1.Invoices.VoidInvoiceAsync(open.Id);
        Assert.Equal("void", voided.Status);

        var other = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id });
        var deleted = await client.V1.Invoices.DeleteAsync(other.Id);
        Assert.True(deleted.Deleted);
        var deletedItem = await client.V1.InvoiceItems.DeleteAsync(
            (await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Amount = 1 })).Id);
        Assert.True(deletedItem.Deleted);
        var missing = await Assert.ThrowsAsync<StripeException>(() => client.V1.Invoices.GetAsync(other.Id));
        Assert.Equal("resource_missing", missing.StripeError.Code);
    }
}
