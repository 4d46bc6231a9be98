using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <param name="CustomerId">The (live) customer the invoice bills.</param>
/// <param name="Currency">The invoice's currency; null: the customer's, else usd.</param>
/// <param name="Fields">Its settings (collection method, due date, auto_advance, metadata…).</param>
/// <param name="IncludePending">Stripe's <c>pending_invoice_items_behavior=include</c>: the customer's pending items in its currency become its lines.</param>
public sealed record CreateInvoiceCommand(string CustomerId, string? Currency, InvoiceFieldsChange Fields, bool IncludePending = false);

/// <summary>
/// POST /v1/invoices (and what a renewal needs: a draft for a customer). The customer must be live; a
/// <c>default_payment_method</c> must be attached to it. The draft is created at the billing time; with
/// <see cref="CreateInvoiceCommand.IncludePending"/> the customer's pending items in its currency are locked (two
/// invoices created at once cannot both take one) and become its lines, newest first, at most <see cref="Invoice.MaxLines"/>.
/// Events: <c>invoice.created</c>.
/// </summary>
public sealed class CreateInvoice(BillingContext billing)
{
    public async Task<Invoice> RunAsync(CreateInvoiceCommand command)
    {
        var store = billing.Invoices;
        var customer = await store.LiveCustomerAsync(command.CustomerId) ?? throw new NotFound("customer", command.CustomerId, "customer");
        await InvoiceFields.RequireDefaultPaymentMethodAsync(billing, command.Fields, customer.Id);
        billing.BillFor(customer.Id);
        var invoice = new Invoice
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.Invoice),
            Created = billing.Now,
            CustomerId = customer.Id,
            Currency = command.Currency ?? customer.Currency ?? Domain.Money.Currencies.AccountDefault,
            TestClockId = customer.TestClockId,
        };
        InvoiceFields.Apply(invoice, command.Fields);
        store.AddInvoice(invoice);
        if (command.IncludePending)
        {
            var pending = await store.LockPendingItemsAsync(customer.Id, invoice.Currency);
            if (pending.Count > Invoice.MaxLines) throw new InvoiceEditRefused(InvoiceEditRefusal.TooManyItems, "pending_invoice_items_behavior", invoice);
            // Locked oldest first (the store's lock order); they become lines newest first, as Stripe sweeps them (recorded).
            foreach (var item in pending.Reverse()) invoice.AddLine(item, Ids.New(Ids.InvoiceLine));
        }
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceCreated, invoice, customer);
        return invoice;
    }
}
