using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <param name="InvoiceId">The draft to finalize.</param>
/// <param name="AutoAdvance">Stripe's <c>auto_advance</c>, when given.</param>
/// <param name="SubscriptionDefaultIsCustom">
/// Whether the invoice's subscription has a custom default payment method, when the caller already knows (null: looked
/// up when it matters). It pays before the customer's default (Stripe's priority: the invoice's, the subscription's,
/// the customer's), so <see cref="PaymentAttemptRequired"/> applies.
/// </param>
/// <param name="Dunning">
/// The retry settings, where finalizing may start a renewal's payment attempts: a <c>subscription_cycle</c> invoice of a
/// charge_automatically subscription that leaves finalize with auto_advance on and something due counts its first
/// attempt there, once billing credits are applied (<see cref="Subscriptions.RenewalDunning"/>), whether the scheduler
/// or a request finalizes it.
/// </param>
public sealed record FinalizeInvoiceCommand(string InvoiceId, bool? AutoAdvance = null, bool? SubscriptionDefaultIsCustom = null,
    Scheduling.DunningOptions? Dunning = null);

/// <summary>
/// draft → open (<see cref="Invoice.Finalize"/>), and → paid at once when nothing is due (<see cref="Invoice.Settle"/>).
/// Events, in order: <c>invoice.finalized</c>; then <c>invoice.paid</c> + <c>invoice.payment_succeeded</c> when it
/// settled, or <c>invoice.payment_attempt_required</c> when <see cref="PaymentAttemptRequired"/> says a custom payment
/// attempt must pay it (auto_advance on); then
/// <c>customer.updated</c> for what finalizing changed on the customer (sequence, currency, balance); then
/// <c>billing.credit_balance_transaction.created</c> for each billing credit applied (a subscription invoice's
/// metered lines, <see cref="Credits.InvoiceCredits.ApplyAsync"/>, before the totals are frozen).
/// </summary>
public sealed class FinalizeInvoice(BillingContext billing)
{
    public async Task<Invoice> RunAsync(FinalizeInvoiceCommand command)
    {
        var (customer, invoice) = await billing.Invoices.LockCustomerThenInvoiceAsync(command.InvoiceId);
        billing.BillFor(invoice.CustomerId);
        InvoiceGuards.RequireStatusAllows(invoice, InvoiceAction.Finalize);
        return await LockedAsync(customer, invoice, command);
    }

    /// <summary>
    /// Finalizes a draft the caller has locked with its customer (<see cref="SendInvoice"/> finalizes a draft before
    /// sending it). <paramref name="paidNext"/>: <see cref="PayInvoice"/> pays it in the same request, so no
    /// <c>invoice.payment_attempt_required</c> and no overdue check are written for it.
    /// </summary>
    internal async Task<Invoice> LockedAsync(Domain.Customers.Customer customer, Invoice invoice, FinalizeInvoiceCommand command, bool paidNext = false)
    {
        var store = billing.Invoices;
        var customerChange = billing.Events.WatchCustomer(customer);
        if (command.AutoAdvance is { } auto) invoice.AutoAdvance = auto;
        // A renewal's metered lines take the usage reported up to now for their period, then billing credits go on
        // metered subscription lines, before the totals are frozen (Subscriptions/MeteredUsage.cs, Credits/InvoiceCredits.cs).
        await Subscriptions.MeteredUsage.RecountAsync(billing, invoice);
        var credits = await Credits.InvoiceCredits.ApplyAsync(billing, invoice, billing.Now);
        if (command.Dunning is { } dunning && invoice.AutoAdvance && Subscriptions.RenewalDunning.Applies(invoice)
            && invoice.Totals(customer.BalanceAppliesTo(invoice.Currency) ? customer.Balance : 0).AmountDue > 0)
            Subscriptions.RenewalDunning.StartAttempt(billing, invoice, dunning, customer.TestClockId);
        store.Book(invoice.Finalize(customer, billing.Events.CustomerSnapshot(customer), billing.Now));
        var (hostedInvoiceUrl, invoicePdf) = billing.Events.InvoiceLinks(invoice);
        invoice.PublishLinks(hostedInvoiceUrl, invoicePdf);
        await billing.Events.InvoiceAsync(BillingOutcome.InvoiceFinalized, invoice, customer);
        if (invoice.Settle(billing.Now))
        {
            await billing.Events.InvoiceAsync(BillingOutcome.InvoiceSettledAtFinalize, invoice, customer);
        }
        else if (!paidNext && await CustomPaymentRequired.AppliesAsync(billing, invoice, customer, command.SubscriptionDefaultIsCustom))
        {
            await billing.Events.InvoiceAsync(BillingOutcome.InvoicePaymentAttemptRequired, invoice, customer);
        }
        customerChange.EmitIfChanged();
        foreach (var entry in credits) await billing.Events.CreditBalanceTransactionAsync(entry);
        // A send_invoice invoice still open is checked at its due date (invoice.overdue, Scheduling/InvoiceOverdue),
        // on the customer's clock, however it was finalized.
        if (!paidNext && invoice.Status == InvoiceStatus.Open && invoice.CollectionMethod == Invoice.SendInvoice && invoice.DueDate is { } due)
            billing.Schedule.Add(new Domain.Scheduling.DueWork
            {
                AccountId = billing.AccountId, Kind = Domain.Scheduling.DueWorkKinds.InvoiceOverdue, ObjectId = invoice.Id, DueAt = due,
                TestClockId = customer.TestClockId,
            });
        return invoice;
    }
}
