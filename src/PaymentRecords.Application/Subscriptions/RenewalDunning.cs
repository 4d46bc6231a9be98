using PaymentRecords.Application.Invoices;
using PaymentRecords.Application.Scheduling;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// Payment attempts of a renewal invoice a charge_automatically subscription must pay (<see cref="DunningOptions"/>
/// says when): the first at finalize, each next one <c>RetryDays</c> later unless paid. An attempt fails when a
/// payment record attached to the invoice reports a failed attempt, or when the next attempt comes due unpaid: the
/// invoice counts it (<c>attempted</c>, <c>attempt_count</c>), <c>invoice.payment_failed</c> fires and an active
/// subscription turns <c>past_due</c>. A retry re-sends <c>invoice.payment_attempt_required</c> (the usual rule).
/// After the last attempt fails the subscription ends as configured and the invoice stays open or is marked
/// uncollectible. Paying the invoice later brings the subscription back to <c>active</c>
/// (<see cref="SubscriptionInvoicePaid"/>).
/// </summary>
public static class RenewalDunning
{
    public static bool Applies(Invoice invoice) =>
        invoice.BillingReason == BillingReasons.SubscriptionCycle && invoice.CollectionMethod == Invoice.ChargeAutomatically && invoice.SubscriptionId is not null;

    /// <summary>Counts a new attempt and writes the check of it as due work.</summary>
    public static void StartAttempt(BillingContext billing, Invoice invoice, DunningOptions options, string? testClockId)
    {
        var made = invoice.AttemptCount();
        var last = made >= options.RetrySchedule.Count;
        var checkAt = billing.Now + 86400L * (last ? options.LastAttemptGraceDays : options.RetrySchedule[(int)made]);
        invoice.StartAttempt(last ? null : checkAt);
        billing.Schedule.Add(new DueWork
        {
            AccountId = billing.AccountId, Kind = DueWorkKinds.InvoicePaymentRetry, ObjectId = invoice.Id, DueAt = checkAt, TestClockId = testClockId,
        });
    }

    /// <summary>A payment record reported a failed attempt (the caller holds its lock): the invoice it is attached to, if open, hears of it (<see cref="PaymentFailedAsync"/>).</summary>
    public static async Task RecordFailedAsync(BillingContext billing, Domain.PaymentRecords.PaymentRecord record)
    {
        if (await billing.Invoices.OpenPaymentInvoiceIdAsync(record) is not { } invoiceId) return;
        var (customer, invoice) = await billing.Invoices.LockCustomerThenInvoiceAsync(invoiceId);
        await PaymentFailedAsync(billing, customer, invoice);
    }

    /// <summary>
    /// A payment record attached to the invoice reported a failed attempt (the caller holds the invoice's lock):
    /// <c>invoice.payment_failed</c> ("whenever an invoice payment attempt fails"). A renewal also counts it against
    /// its current attempt (once per attempt) and turns an active subscription <c>past_due</c>; a resumption invoice
    /// resumes its subscription <c>past_due</c> (<see cref="SubscriptionResumption"/>), an update's invoice turns it
    /// <c>past_due</c> (<see cref="SubscriptionUpdateInvoices"/>); on any other invoice nothing else changes (a
    /// subscription's first invoice leaves it <c>incomplete</c>). Either way the (locked)
    /// customer turns delinquent (<see cref="Customers.CustomerDelinquency"/>).
    /// </summary>
    public static async Task PaymentFailedAsync(BillingContext billing, Customer customer, Invoice invoice)
    {
        if (invoice.Status != InvoiceStatus.Open) return;
        if (!Applies(invoice))
        {
            await billing.Events.InvoiceAsync(BillingOutcome.InvoicePaymentFailed, invoice, null);
            Customers.CustomerDelinquency.Set(billing, customer, true);
            await SubscriptionResumption.InvoiceSettledAsync(billing, invoice, paymentFailed: true);
            await SubscriptionUpdateInvoices.PaymentFailedAsync(billing, invoice);
            return;
        }
        if (invoice.AttemptCount() == 0) return;
        var watch = await billing.Events.WatchInvoiceAsync(invoice);
        if (!invoice.FailCurrentAttempt()) return;
        await FailedAsync(billing, customer, invoice, watch);
    }

    private static async Task FailedAsync(BillingContext billing, Customer customer, Invoice invoice, IChangeWatch watch)
    {
        await billing.Events.InvoiceAsync(BillingOutcome.InvoicePaymentFailed, invoice, null);
        watch.EmitIfChanged();
        Customers.CustomerDelinquency.Set(billing, customer, true);
        var subscription = await billing.Subscriptions.LockAsync(invoice.SubscriptionId!);
        if (subscription is null) return;
        var change = await billing.Events.WatchSubscriptionAsync(subscription);
        subscription.MarkPastDue();
        change.EmitIfChanged();
    }

    /// <summary>
    /// The next attempt is due (due work <see cref="DueWorkKinds.InvoicePaymentRetry"/>). While the invoice's
    /// auto_advance is off no attempt is made ("Stripe won't attempt payment on the invoice while auto_advance is set
    /// to false"): the retries pause (<c>next_payment_attempt</c> null) until an update turns it back on (<see cref="ResumeAsync"/>).
    /// Once the subscription has ended (canceled), collection stops: auto_advance off, no more attempts.
    /// </summary>
    public static async Task RetryAsync(BillingContext billing, string invoiceId, DunningOptions options, string? testClockId)
    {
        if (await billing.Invoices.CustomerIdAsync(invoiceId) is null) return;
        var (customer, invoice) = await billing.Invoices.LockCustomerThenInvoiceAsync(invoiceId);
        billing.BillFor(invoice.CustomerId);
        if (invoice.Status != InvoiceStatus.Open || !Applies(invoice)) return;
        var watch = await billing.Events.WatchInvoiceAsync(invoice);
        // "Upon subscription cancellation, Stripe stops automatic collection of all finalized invoices": once the
        // subscription has ended its invoice makes no more attempts (auto_advance off, nothing due).
        if (await billing.Schedule.FindSubscriptionAsync(invoice.SubscriptionId!) is { } subscription
            && !SubscriptionStatusMachine.CanCancel(subscription.Status))
        {
            invoice.AutoAdvance = false;
            invoice.StopAttempts();
            watch.EmitIfChanged();
            return;
        }
        if (!invoice.AutoAdvance)
        {
            invoice.PauseAttempts();
            watch.EmitIfChanged();
            return;
        }
        await AttemptAgainAsync(billing, customer, invoice, watch, options, testClockId);
    }

    /// <summary>
    /// An update turned auto_advance back on (the caller holds the customer's lock, then the invoice's: an attempt that
    /// failed meanwhile makes the customer delinquent): retries that paused while it was off resume at once, as the
    /// retry that found it off would have run. False when none paused.
    /// </summary>
    public static async Task<bool> ResumeAsync(BillingContext billing, Customer customer, Invoice invoice, DunningOptions options)
    {
        if (!invoice.AttemptsPaused() || invoice.Status != InvoiceStatus.Open || !invoice.AutoAdvance) return false;
        var watch = await billing.Events.WatchInvoiceAsync(invoice);
        invoice.ResumeAttempts();
        await AttemptAgainAsync(billing, customer, invoice, watch, options, customer.TestClockId);
        return true;
    }

    private static async Task AttemptAgainAsync(BillingContext billing, Customer customer, Invoice invoice, IChangeWatch watch,
        DunningOptions options, string? testClockId)
    {
        // The attempt still unpaid now has failed (unless its failure was already reported).
        if (invoice.FailCurrentAttempt())
        {
            await FailedAsync(billing, customer, invoice, watch);
            watch = await billing.Events.WatchInvoiceAsync(invoice);
        }
        if (invoice.AttemptCount() <= options.RetrySchedule.Count)
        {
            StartAttempt(billing, invoice, options, testClockId);
            watch.EmitIfChanged();
            if (await CustomPaymentRequired.AppliesAsync(billing, invoice, customer))
                await billing.Events.InvoiceAsync(BillingOutcome.InvoicePaymentAttemptRequired, invoice, customer);
            return;
        }

        // The retries ran out.
        invoice.StopAttempts();
        watch.EmitIfChanged();
        var ending = await billing.Subscriptions.LockAsync(invoice.SubscriptionId!);
        if (ending is not null)
        {
            if (options.SubscriptionEnd == DunningEnd.Cancel && SubscriptionStatusMachine.CanCancel(ending.Status))
            {
                ending.EndDunning(DunningEnd.Cancel, billing.Now);
                await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionEnded, ending);
            }
            else
            {
                var change = await billing.Events.WatchSubscriptionAsync(ending);
                ending.EndDunning(options.SubscriptionEnd, billing.Now);
                change.EmitIfChanged();
            }
        }
        // A payment still in flight (an attached record's attempt initiated) keeps the invoice open: mark_uncollectible would be refused.
        if (options.MarkUncollectible
            && !InvoiceStatusMachine.BlockedByPayments(InvoiceAction.MarkUncollectible, (await billing.Invoices.PaymentHoldsAsync(invoice.Id)).Holds))
            await new MarkInvoiceUncollectible(billing).RunAsync(new MarkInvoiceUncollectibleCommand(invoice.Id, ByRequest: false));
    }
}
