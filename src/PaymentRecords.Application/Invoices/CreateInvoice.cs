using PaymentRecords.Application.Subscriptions;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Invoices;

/// <param name="CustomerId">The (live) customer the invoice bills.</param>
/// <param name="Currency">The invoice's currency; null: the customer's, else usd.</param>
/// <param name="Fields">Its settings (collection method, due date, auto_advance, metadata…).</param>
/// <param name="IncludePending">Stripe's <c>pending_invoice_items_behavior=include</c>: the customer's pending items in its currency become its lines.</param>
/// <param name="SubscriptionId">Stripe's <c>subscription</c>: the invoice bills that subscription's pending items (and only them).</param>
/// <param name="Preview">create_preview of invoice items alone: the draft is made with <c>billing_reason=upcoming</c> (never stored: the preview runs in a transaction it rolls back).</param>
public sealed record CreateInvoiceCommand(string CustomerId, string? Currency, InvoiceFieldsChange Fields, bool IncludePending = false,
    string? SubscriptionId = null, bool Preview = false);

/// <summary>
/// POST /v1/invoices (and what a renewal needs: a draft for a customer). The customer must be live; a
/// <c>default_payment_method</c> must be attached to it. The draft is created at the billing time; with
/// <see cref="CreateInvoiceCommand.IncludePending"/> the customer's pending items in its currency are locked (two
/// invoices created at once cannot both take one) and become its lines, newest first, at most <see cref="Invoice.MaxLines"/>.
/// With <see cref="CreateInvoiceCommand.SubscriptionId"/> ("the created invoice will only include pending invoice items
/// for that subscription"), the subscription (the customer's, locked after the invoice) names the invoice's parent and
/// currency, and its own pending items become the lines, oldest first; none is Stripe's
/// <c>invoice_no_subscription_line_items</c>. The subscription's cycle and <c>latest_invoice</c> stay as they are.
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
        var subscription = command.SubscriptionId is { } subscriptionId
            ? await SubscriptionLocks.LockNamedAsync(billing, subscriptionId, customer.Id, command.Currency, "currency")
            : null;
        var invoice = new Invoice
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.Invoice),
            Created = billing.Now,
            CustomerId = customer.Id,
            Currency = subscription?.Currency ?? command.Currency ?? customer.Currency ?? Domain.Money.Currencies.AccountDefault,
            TestClockId = customer.TestClockId,
            SubscriptionId = subscription?.Id,
            BillingReason = command.Preview ? BillingReasons.Upcoming : BillingReasons.Manual,
        };
        InvoiceFields.Apply(invoice, command.Fields);
        store.AddInvoice(invoice);
        if (command.Fields.Discounts is { Count: > 0 } discounts) await InvoiceDiscountChange.SetAsync(billing, invoice, discounts);
        if (subscription is not null)
        {
            SubscriptionPendingItems.SnapshotMetadata(invoice, subscription);
            var own = await SubscriptionPendingItems.OfAsync(billing, subscription);
            if (own.Count == 0) throw new SubscriptionRefused(SubscriptionRefusal.NothingToInvoice, null);
            if (own.Count > Invoice.MaxLines) throw new InvoiceEditRefused(InvoiceEditRefusal.TooManyItems, "subscription", invoice);
            foreach (var item in own) invoice.AddLine(item, Ids.New(Ids.InvoiceLine));
        }
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
