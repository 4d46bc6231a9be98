using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application;

/// <summary>What a use case says happened; <see cref="BillingEventCatalog"/> says which Stripe events that fires.</summary>
public enum BillingOutcome
{
    InvoiceFinalized,
    /// <summary>Finalize found nothing due (<see cref="Invoice.Settle"/>).</summary>
    InvoiceSettledAtFinalize,
    /// <summary>A finalized invoice waits for a custom payment attempt (<see cref="PaymentAttemptRequired"/>).</summary>
    InvoicePaymentAttemptRequired,
    InvoiceVoided,
    InvoiceMarkedUncollectible,
    /// <summary>pay with <c>paid_out_of_band</c>.</summary>
    InvoicePaidOutOfBand,
    /// <summary>A guaranteed payment record's invoice payment covered what was left.</summary>
    InvoicePaidByPayment,
    /// <summary>A payment took the invoice past its total, by more than before.</summary>
    InvoiceOverpaid,
    /// <summary>A credit note left an open invoice with nothing to pay.</summary>
    InvoicePaidByCreditNote,
    /// <summary>An invoice payment was credited to its invoice.</summary>
    InvoicePaymentPaid,
    CreditNoteIssued,
    CreditNoteVoided,
    /// <summary>A use case created an invoice (a subscription's first invoice).</summary>
    InvoiceCreated,
    /// <summary>A subscription was created (<see cref="Subscription"/>).</summary>
    SubscriptionCreated,
    /// <summary>A subscription was canceled now.</summary>
    SubscriptionCanceled,
    /// <summary>An invoice item was created (pending, or a draft invoice's line).</summary>
    InvoiceItemCreated,
    /// <summary>An invoice item was deleted (pending, or a draft invoice's line).</summary>
    InvoiceItemDeleted,
    /// <summary>A draft invoice was deleted (rendered as it was).</summary>
    InvoiceDeleted,
    /// <summary>An open or paid invoice was marked sent.</summary>
    InvoiceSent,
    // Time (docs/endpoints-test-clocks.md): test clocks, and what becomes due as they or the wall clock move.
    TestClockCreated,
    TestClockAdvancing,
    TestClockReady,
    TestClockDeleted,
    TestClockInternalFailure,
    /// <summary>A renewal payment attempt failed, or went unanswered until the retry time.</summary>
    InvoicePaymentFailed,
    /// <summary>A send_invoice invoice passed its due date unpaid.</summary>
    InvoiceOverdue,
    /// <summary>A subscription ended by time: cancel_at_period_end, retries exhausted, or incomplete_expired.</summary>
    SubscriptionEnded,
    /// <summary>A trial ends in three days (or sooner, when it is shorter).</summary>
    SubscriptionTrialWillEnd,
    /// <summary>A trial ended with no payment method and end_behavior pause.</summary>
    SubscriptionPaused,
    /// <summary>A paused subscription resumed (active, or past_due when its resumption invoice's payment failed).</summary>
    SubscriptionResumed,
    /// <summary>A customer was created.</summary>
    CustomerCreated,
    /// <summary>A customer was deleted (rendered as it was).</summary>
    CustomerDeleted,
    /// <summary>A payment method was attached to a customer (not already attached to it).</summary>
    PaymentMethodAttached,
    /// <summary>A payment method was detached from its customer.</summary>
    PaymentMethodDetached,
    ProductCreated,
    /// <summary>A product was deleted (rendered as it was).</summary>
    ProductDeleted,
    /// <summary>A coupon was made (Catalog/CouponUseCases.cs).</summary>
    CouponCreated,
    /// <summary>A coupon was deleted (rendered as it was).</summary>
    CouponDeleted,
    /// <summary>A price was created (not an inline one: Stripe sends no event for those).</summary>
    PriceCreated,
    // Billing credits (docs/endpoints-billing-credits.md).
    CreditGrantCreated,
    /// <summary>A grant's expires_at or metadata changed, or it expired or was voided.</summary>
    CreditGrantUpdated,
    /// <summary>A ledger entry was written (granted, applied, reinstated, expired, voided).</summary>
    CreditBalanceTransactionCreated,
    // Meters (docs/endpoints-billing-meters.md).
    MeterCreated,
    MeterUpdated,
    MeterDeactivated,
    MeterReactivated,
    /// <summary>A deactivate or reactivate found the meter already in that status: no event.</summary>
    MeterUnchanged,
    /// <summary>A usage alert's threshold was reached by a customer (Meters/BillingAlertUseCases.cs).</summary>
    AlertTriggered,
}

/// <summary>
/// The one place that maps what happened to Stripe event types. Each use case names its outcomes in order (its own
/// file says when each applies); the event sink (Api/Billing/BillingEvents.cs) renders <c>data.object</c> and queues
/// the types listed here. Some events are not outcomes but watches: <see cref="InvoiceUpdated"/>,
/// <see cref="CreditNoteUpdated"/>, <see cref="SubscriptionUpdated"/> and <see cref="CustomerUpdated"/> fire when a watched object's rendering changed, and their
/// <c>previous_attributes</c> are the old values of the changed keys (rendering before the change vs after).
/// <list type="table">
/// <item><term>finalize (Invoices/FinalizeInvoice.cs)</term><description><c>invoice.finalized</c>; then <c>invoice.paid</c> +
/// <c>invoice.payment_succeeded</c> when nothing is due, or <c>invoice.payment_attempt_required</c>; then <c>customer.updated</c>.</description></item>
/// <item><term>void (Invoices/VoidInvoice.cs)</term><description><c>invoice.voided</c>, <c>customer.updated</c>.</description></item>
/// <item><term>mark_uncollectible (Invoices/MarkInvoiceUncollectible.cs)</term><description><c>invoice.marked_uncollectible</c>;
/// through the API, <c>customer.updated</c> when the customer stops being delinquent (Customers/CustomerDelinquency.cs).</description></item>
/// <item><term>pay (Invoices/PayInvoice.cs)</term><description><c>invoice.paid</c>; <c>customer.updated</c> when the customer
/// stops being delinquent.</description></item>
/// <item><term>attach_payment of a guaranteed record, or a record's attempt becoming guaranteed (InvoicePayments/AttachPayment.cs)</term>
/// <description><c>invoice_payment.paid</c>, <c>invoice.updated</c>, <c>invoice.paid</c> + <c>invoice.payment_succeeded</c>,
/// <c>invoice.overpaid</c>, <c>customer.updated</c>.</description></item>
/// <item><term>credit note issue (CreditNotes/IssueCreditNote.cs)</term><description><c>credit_note.created</c>, <c>invoice.updated</c>,
/// <c>invoice.paid</c>, <c>customer.updated</c>.</description></item>
/// <item><term>credit note void (CreditNotes/VoidCreditNote.cs)</term><description><c>credit_note.voided</c>, <c>invoice.updated</c>.</description></item>
/// <item><term>credit note update (CreditNotes/UpdateCreditNote.cs)</term><description><c>credit_note.updated</c> (a watch).</description></item>
/// <item><term>subscription create (Subscriptions/CreateSubscription.cs)</term><description><c>customer.subscription.created</c>,
/// <c>invoice.created</c>, then finalize's events about its first invoice.</description></item>
/// <item><term>a subscription's first invoice paid (Subscriptions/SubscriptionInvoicePaid.cs, after attach_payment's or pay's events)</term>
/// <description><c>customer.subscription.updated</c> (status, default_payment_method).</description></item>
/// <item><term>subscription update (Subscriptions/UpdateSubscription.cs)</term><description><c>customer.subscription.updated</c>.</description></item>
/// <item><term>subscription cancel (Subscriptions/UpdateSubscription.cs, <c>CancelSubscription</c>)</term><description><c>customer.subscription.deleted</c>.</description></item>
/// <item><term>invoice item create (Invoices/CreateInvoiceItem.cs)</term><description><c>invoiceitem.created</c>; then
/// <c>invoice.updated</c> when it went on a draft invoice.</description></item>
/// <item><term>invoice item delete (Invoices/DeleteInvoiceItem.cs)</term><description><c>invoiceitem.deleted</c>; then
/// <c>invoice.updated</c> when it left a draft invoice.</description></item>
/// <item><term>invoice create (Invoices/CreateInvoice.cs)</term><description><c>invoice.created</c>.</description></item>
/// <item><term>invoice update (Invoices/UpdateInvoice.cs)</term><description><c>invoice.updated</c> (a watch); then
/// <c>invoice.payment_attempt_required</c> when the update turned auto_advance on and a custom attempt must pay.</description></item>
/// <item><term>invoice delete (Invoices/DeleteInvoice.cs)</term><description><c>invoice.deleted</c>.</description></item>
/// <item><term>invoice send (Invoices/SendInvoice.cs)</term><description>a draft's finalize events first, then <c>invoice.sent</c>.</description></item>
/// <item><term>add_lines (Invoices/AddInvoiceLines.cs)</term><description><c>invoiceitem.created</c> for each new item, then
/// <c>invoice.updated</c>.</description></item>
/// <item><term>test clocks (TestClocks/TestClockUseCases.cs)</term><description><c>test_helpers.test_clock.created|advancing|ready</c>;
/// a delete sends each customer's delete events first, then <c>.deleted</c>; <c>internal_failure</c> from the scheduler (Scheduling/DueWorkScheduler.cs).</description></item>
/// <item><term>renewal (Subscriptions/RenewSubscription.cs)</term><description><c>customer.subscription.updated</c> (periods,
/// latest_invoice), <c>invoice.created</c>; about an hour later the draft's finalize (Scheduling/AutoFinalizeDraft.cs);
/// three days before, <c>invoice.upcoming</c> (Subscriptions/PreviewRenewal.cs). The end of a trial is a renewal too
/// (status trialing → active in that <c>customer.subscription.updated</c>; or <c>customer.subscription.deleted</c> /
/// <c>customer.subscription.paused</c> without a payment method, as trial_settings say); three days before it,
/// <c>customer.subscription.trial_will_end</c> (Subscriptions/SubscriptionTimers.cs). <c>cancel_at</c> reached:
/// <c>customer.subscription.deleted</c> (Subscriptions/SubscriptionTimers.cs).</description></item>
/// <item><term>dunning (Subscriptions/RenewalDunning.cs)</term><description><c>invoice.payment_failed</c>, <c>invoice.updated</c>,
/// <c>customer.updated</c> when the customer turns delinquent, <c>customer.subscription.updated</c> (past_due); a retry re-sends <c>invoice.payment_attempt_required</c>; the last one
/// ends the subscription (<c>customer.subscription.deleted</c> or <c>.updated</c>).</description></item>
/// <item><term>customer create (Customers/CreateCustomer.cs)</term><description><c>customer.created</c>.</description></item>
/// <item><term>customer update (Customers/UpdateCustomer.cs)</term><description><c>customer.updated</c> (a watch).</description></item>
/// <item><term>customer delete (Customers/DeleteCustomer.cs)</term><description><c>customer.subscription.deleted</c> for each
/// subscription it ends, then <c>customer.deleted</c>.</description></item>
/// <item><term>credit grants (Credits/CreditGrantUseCases.cs)</term><description>create: <c>billing.credit_grant.created</c>,
/// <c>billing.credit_balance_transaction.created</c> (credits_granted); update, expire, void and the expiry as time passes:
/// <c>billing.credit_grant.updated</c>, then <c>billing.credit_balance_transaction.created</c> when credits left.</description></item>
/// <item><term>billing credits on invoices (Credits/InvoiceCredits.cs)</term><description>finalize: after its events,
/// <c>billing.credit_balance_transaction.created</c> for each credits_applied entry; void: after <c>invoice.voided</c>, one for
/// each entry giving credits back (and expiring them again when their grant has expired).</description></item>
/// <item><term>meters (Meters/MeterUseCases.cs)</term><description><c>billing.meter.created|updated|deactivated|reactivated</c>;
/// a meter event (Meters/RecordMeterEvent.cs) fires none.</description></item>
/// <item><term>billing alerts (Meters/BillingAlertUseCases.cs)</term><description>the scheduler's check after a meter event:
/// <c>billing.alert.triggered</c> (<c>data.object</c> a <c>billing.alert_triggered</c>) once per alert and customer; the
/// alert's create and status moves fire none.</description></item>
/// <item><term>payment record reports (PaymentRecords/*)</term><description>none of their own (this API version has no
/// payment_record.* type); a guaranteed outcome fires what attach_payment's credit fires.</description></item>
/// </list>
/// </summary>
public static class BillingEventCatalog
{
    /// <summary>A watched invoice's amounts or status changed.</summary>
    public const string InvoiceUpdated = "invoice.updated";

    /// <summary>A renewal is <see cref="Subscriptions.SubscriptionSchedule.UpcomingDays"/> days off (Subscriptions/PreviewRenewal.cs's preview).</summary>
    public const string InvoiceUpcoming = "invoice.upcoming";

    /// <summary>A watched subscription changed (status, default payment method, settings).</summary>
    public const string SubscriptionUpdated = "customer.subscription.updated";

    /// <summary>A watched credit note changed (memo, metadata).</summary>
    public const string CreditNoteUpdated = "credit_note.updated";

    /// <summary>A watched customer changed (an update's fields; balance, currency, invoice sequence moved by another resource).</summary>
    public const string CustomerUpdated = "customer.updated";

    /// <summary>A watched payment method changed (billing_details, allow_redisplay, metadata).</summary>
    public const string PaymentMethodUpdated = "payment_method.updated";

    /// <summary>A watched product changed (its update's fields, default_price).</summary>
    public const string ProductUpdated = "product.updated";
    /// <summary>A watched coupon changed (its name, its metadata).</summary>
    public const string CouponUpdated = "coupon.updated";

    /// <summary>A watched price changed (its update's fields, or its lookup key moved to another price).</summary>
    public const string PriceUpdated = "price.updated";

    /// <summary>The Stripe event types <paramref name="outcome"/> fires, in order, all about the same object as it stands.</summary>
    public static IReadOnlyList<string> StripeTypes(BillingOutcome outcome) => outcome switch
    {
        BillingOutcome.InvoiceFinalized => ["invoice.finalized"],
        BillingOutcome.InvoiceSettledAtFinalize => ["invoice.paid", "invoice.payment_succeeded"],
        BillingOutcome.InvoicePaymentAttemptRequired => [PaymentAttemptRequired.EventType],
        BillingOutcome.InvoiceVoided => ["invoice.voided"],
        BillingOutcome.InvoiceMarkedUncollectible => ["invoice.marked_uncollectible"],
        // Out of band nothing succeeded here, so no invoice.payment_succeeded (as Stripe does).
        BillingOutcome.InvoicePaidOutOfBand => ["invoice.paid"],
        BillingOutcome.InvoicePaidByPayment => ["invoice.paid", "invoice.payment_succeeded"],
        BillingOutcome.InvoiceOverpaid => ["invoice.overpaid"],
        BillingOutcome.InvoicePaidByCreditNote => ["invoice.paid"],
        BillingOutcome.InvoicePaymentPaid => ["invoice_payment.paid"],
        BillingOutcome.CreditNoteIssued => ["credit_note.created"],
        BillingOutcome.CreditNoteVoided => ["credit_note.voided"],
        BillingOutcome.InvoiceCreated => ["invoice.created"],
        BillingOutcome.SubscriptionCreated => ["customer.subscription.created"],
        BillingOutcome.SubscriptionCanceled => ["customer.subscription.deleted"],
        BillingOutcome.InvoiceItemCreated => ["invoiceitem.created"],
        BillingOutcome.InvoiceItemDeleted => ["invoiceitem.deleted"],
        BillingOutcome.InvoiceDeleted => ["invoice.deleted"],
        BillingOutcome.InvoiceSent => ["invoice.sent"],
        BillingOutcome.TestClockCreated => ["test_helpers.test_clock.created"],
        BillingOutcome.TestClockAdvancing => ["test_helpers.test_clock.advancing"],
        BillingOutcome.TestClockReady => ["test_helpers.test_clock.ready"],
        BillingOutcome.TestClockDeleted => ["test_helpers.test_clock.deleted"],
        BillingOutcome.TestClockInternalFailure => ["test_helpers.test_clock.internal_failure"],
        BillingOutcome.InvoicePaymentFailed => ["invoice.payment_failed"],
        BillingOutcome.InvoiceOverdue => ["invoice.overdue"],
        BillingOutcome.SubscriptionEnded => ["customer.subscription.deleted"],
        BillingOutcome.SubscriptionTrialWillEnd => ["customer.subscription.trial_will_end"],
        BillingOutcome.SubscriptionPaused => ["customer.subscription.paused"],
        BillingOutcome.SubscriptionResumed => ["customer.subscription.resumed"],
        BillingOutcome.CustomerCreated => ["customer.created"],
        BillingOutcome.CustomerDeleted => ["customer.deleted"],
        BillingOutcome.PaymentMethodAttached => ["payment_method.attached"],
        BillingOutcome.PaymentMethodDetached => ["payment_method.detached"],
        BillingOutcome.ProductCreated => ["product.created"],
        BillingOutcome.ProductDeleted => ["product.deleted"],
        BillingOutcome.CouponCreated => ["coupon.created"],
        BillingOutcome.CouponDeleted => ["coupon.deleted"],
        BillingOutcome.PriceCreated => ["price.created"],
        BillingOutcome.CreditGrantCreated => ["billing.credit_grant.created"],
        BillingOutcome.CreditGrantUpdated => ["billing.credit_grant.updated"],
        BillingOutcome.CreditBalanceTransactionCreated => ["billing.credit_balance_transaction.created"],
        BillingOutcome.MeterCreated => ["billing.meter.created"],
        BillingOutcome.MeterUpdated => ["billing.meter.updated"],
        BillingOutcome.MeterDeactivated => ["billing.meter.deactivated"],
        BillingOutcome.MeterReactivated => ["billing.meter.reactivated"],
        BillingOutcome.MeterUnchanged => [],
        BillingOutcome.AlertTriggered => ["billing.alert.triggered"],
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
