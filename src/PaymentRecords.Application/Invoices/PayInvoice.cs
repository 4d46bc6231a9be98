using PaymentRecords.Application.Subscriptions;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <summary>An object a pay request names to pay with (a payment method, source or mandate), and the parameter that named it.</summary>
public sealed record PaymentObjectRef(string ObjectType, string Id, string Param);

/// <param name="InvoiceId">The draft, open or uncollectible invoice.</param>
/// <param name="PaidOutOfBand">Stripe's <c>paid_out_of_band</c>: the only way to pay here.</param>
/// <param name="PayWith">A payment method, source or mandate the request named; this server holds none of them.</param>
public sealed record PayInvoiceCommand(string InvoiceId, bool PaidOutOfBand, PaymentObjectRef? PayWith = null);

/// <summary>
/// open | uncollectible → paid, out of band (<see cref="Invoice.PayOutOfBand"/>); a draft is finalized first, as Stripe
/// does (recorded: paying a draft finalizes it and collects), and one that finalize settles is returned paid. Refused,
/// in this order: by the status (already paid, or not payable), when it names an object to pay with (none is held), without
/// <c>paid_out_of_band</c>, and while an open invoice payment may still pay (the money would count twice). Open
/// payments that hold nothing are canceled (<see cref="InvoiceGuards.CancelStale"/>).
/// Events: a draft's finalize events (<see cref="FinalizeInvoice"/>); <c>invoice.paid</c>; <c>customer.updated</c> when the customer was delinquent (<see cref="Customers.CustomerDelinquency"/>);
/// <c>customer.subscription.updated</c> when it was a subscription's first invoice.
/// </summary>
public sealed class PayInvoice(BillingContext billing)
{
    public async Task<Invoice> RunAsync(PayInvoiceCommand command)
    {
        var store = billing.Invoices;
        var (customer, invoice) = await store.LockCustomerThenInvoiceAsync(command.InvoiceId);
        billing.BillFor(invoice.CustomerId);
        var draft = invoice.Status == InvoiceStatus.Draft;
        if (!draft) InvoiceGuards.RequireStatusAllows(invoice, InvoiceAction.Pay);
        if (command.PayWith is { } named) throw new NotHeld(named.ObjectType, named.Id, named.Param);
        if (!command.PaidOutOfBand) throw new InvoiceRefused(InvoiceAction.Pay, invoice, InvoiceRefusal.NoPaymentMethod);
        if (draft)
        {
            // No dunning: the invoice is paid in this same transaction.
            await new FinalizeInvoice(billing).LockedAsync(customer, invoice, new FinalizeInvoiceCommand(invoice.Id), paidNext: true);
            if (invoice.Status == InvoiceStatus.Paid) return invoice;
        }
        // An open payment may still pay: paying the rest out of band would count its money twice.
        var stale = await store.RequireNotHeldAsync(invoice, InvoiceAction.Pay);

        InvoiceGuards.CancelStale(stale, billing.Now);
        invoice.PayOutOfBand(billing.Now);
        await billing.Events.InvoiceAsync(BillingOutcome.InvoicePaidOutOfBand, invoice, null);
        Customers.CustomerDelinquency.Set(billing, customer, false);
        await SubscriptionInvoicePaid.RunAsync(billing, invoice, null);
        return invoice;
    }
}
