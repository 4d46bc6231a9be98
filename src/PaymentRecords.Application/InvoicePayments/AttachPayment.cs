using PaymentRecords.Application.Invoices;
using PaymentRecords.Application.Subscriptions;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.InvoicePayments;

/// <param name="InvoiceId">The open or uncollectible invoice.</param>
/// <param name="PaymentRecordId">The payment record that pays it (exactly one of it and <paramref name="PaymentIntent"/>).</param>
/// <param name="PaymentIntent">A PaymentIntent the request named; this server holds none.</param>
public sealed record AttachPaymentCommand(string InvoiceId, string? PaymentRecordId, PaymentObjectRef? PaymentIntent = null);

/// <summary>The invoice (and its customer, both locked) after the attach; <see cref="Credited"/> when the record paid it at once.</summary>
public sealed record AttachPaymentResult(Invoice Invoice, Customer Customer, bool Credited);

/// <summary>Why attaching a payment record to an invoice was refused (beyond the invoice's status).</summary>
public enum AttachRefusal
{
    CurrencyMismatch,
    CustomerMismatch,
    /// <summary>The record already pays an invoice (<see cref="PaymentRecordRefused.AttachedTo"/>).</summary>
    AlreadyAttached,
}

/// <summary>Attaching <see cref="Record"/> to <see cref="Invoice"/> was refused; the endpoint maps it to Stripe's error.</summary>
public sealed class PaymentRecordRefused(PaymentRecord record, Invoice invoice, AttachRefusal reason, string? attachedTo = null)
    : Exception($"attach {record.Id} to {invoice.Id} refused: {reason}")
{
    public PaymentRecord Record { get; } = record;
    public Invoice Invoice { get; } = invoice;
    public AttachRefusal Reason { get; } = reason;
    public string? AttachedTo { get; } = attachedTo;
}

/// <summary>
/// <c>attach_payment</c>: adds an open invoice payment for a payment record; a record already guaranteed is credited
/// at once (<see cref="InvoicePaymentCredit"/>), and one whose attempt failed fails a renewal's current payment attempt
/// (<see cref="RenewalDunning.PaymentFailedAsync"/>). Refused, in this order: no such invoice, a PaymentIntent (none is
/// held), no such record, the invoice's status (already paid, or neither open nor uncollectible), the record's
/// currency, the record's customer, and a record already attached elsewhere. Lock order: payment record → customer → invoice.
/// </summary>
public sealed class AttachPayment(BillingContext billing)
{
    public async Task<AttachPaymentResult> RunAsync(AttachPaymentCommand command)
    {
        var store = billing.Invoices;
        // A missing invoice is the first refusal; it is looked for on its own only on the way to another refusal, so
        // the successful attach finds it while locking its customer.
        async Task<Exception> InvoiceMissingOr(Exception other) =>
            await store.CustomerIdAsync(command.InvoiceId) is null ? new NotFound("invoice", command.InvoiceId) : other;
        if (command.PaymentIntent is { } intent) throw await InvoiceMissingOr(new NotHeld(intent.ObjectType, intent.Id, intent.Param));
        var recordId = command.PaymentRecordId ?? throw new ArgumentException("a payment record or a PaymentIntent is required", nameof(command));

        var locks = await store.LockForAttachAsync(recordId, command.InvoiceId);
        if (locks is not { Invoice: { } invoice, Customer: { } customer }) throw new NotFound("invoice", command.InvoiceId);
        var record = locks.Record ?? throw new NotFound("payment_record", recordId, "payment_record");
        billing.BillFor(invoice.CustomerId);
        InvoiceGuards.RequireStatusAllows(invoice, InvoiceAction.AttachPayment);
        if (record.Currency != invoice.Currency) throw new PaymentRecordRefused(record, invoice, AttachRefusal.CurrencyMismatch);
        if (record.CustomerId is { Length: > 0 } recordCustomer && recordCustomer != invoice.CustomerId)
            throw new PaymentRecordRefused(record, invoice, AttachRefusal.CustomerMismatch);
        // Read under the record's lock, so the answer can name the invoice; the unique index backs it up.
        if (locks.AttachedInvoiceId is { } attachedTo)
            throw new PaymentRecordRefused(record, invoice, AttachRefusal.AlreadyAttached, attachedTo);

        var payment = new InvoicePayment
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.InvoicePayment),
            Created = billing.Now,
            InvoiceId = invoice.Id,
            Currency = record.Currency,
            AmountRequested = record.AmountRequested,
            Status = InvoicePaymentStatus.Open,
            PaymentRecordId = record.Id,
        };
        // Saved with the unit of work's next flush; the unique index's answer is mapped wherever that happens.
        store.AddPayment(payment);
        // A record whose attempt already failed (the guide's handler reports the failure, then attaches it) counts as a
        // failure reported after the attach does: invoice.payment_failed, and a renewal's current attempt fails.
        if (record.LatestAttemptStatus == AttemptStatus.Failed) await RenewalDunning.PaymentFailedAsync(billing, customer, invoice);
        if (record.LatestAttemptStatus != AttemptStatus.Guaranteed) return new AttachPaymentResult(invoice, customer, false);
        if (await InvoicePaymentCredit.CreditAsync(billing, invoice, customer, payment, record.Amounts.Guaranteed, InvoicePaymentCredit.PaymentMethodOf(record)))
            InvoiceGuards.CancelStale(locks.StalePayments, billing.Now);
        return new AttachPaymentResult(invoice, customer, true);
    }
}

/// <summary>
/// A record's attempt just became guaranteed (report payment / attempt with <c>outcome=guaranteed</c>, or
/// <c>report_payment_attempt_guaranteed</c>): its open invoice payment, if any, is credited. The caller holds the
/// record's lock (or has just inserted it); this locks the customer and the invoice after it.
/// </summary>
public sealed class CreditGuaranteedRecord(BillingContext billing)
{
    public async Task RunAsync(PaymentRecord record)
    {
        var store = billing.Invoices;
        if (await store.OpenPaymentInvoiceIdAsync(record) is not { } invoiceId) return;
        var (customer, invoice) = await store.LockCustomerThenInvoiceAsync(invoiceId);
        billing.BillFor(invoice.CustomerId);
        // Read again under the invoice's lock: a void may have canceled it meanwhile.
        if (await store.OpenPaymentAsync(record.Id, invoiceId) is not { } payment) return;
        if (await InvoicePaymentCredit.CreditAsync(billing, invoice, customer, payment, record.Amounts.Guaranteed, InvoicePaymentCredit.PaymentMethodOf(record)))
            await store.CancelStaleAsync(invoice, billing.Now);
    }
}

/// <summary>How a guaranteed payment record pays an invoice, written once for attach and for the guaranteed report.</summary>
internal static class InvoicePaymentCredit
{
    /// <summary>The payment method a record reported (<c>payment_method_details.payment_method</c>), if any.</summary>
    public static string? PaymentMethodOf(PaymentRecord record) =>
        record.Attributes["payment_method_details"]?["payment_method"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    /// <summary>
    /// Credits <paramref name="payment"/> to its invoice (both locked), books an overpayment to the customer's balance
    /// (<c>invoice_overpaid</c>) and queues <c>invoice_payment.paid</c>, <c>invoice.updated</c>, <c>invoice.paid</c> +
    /// <c>invoice.payment_succeeded</c> when the invoice turns paid, <c>invoice.overpaid</c> when it is overpaid by more
    /// than before, then <c>customer.updated</c> when the overpayment moved the customer's balance, then
    /// <c>customer.subscription.updated</c> when it was a subscription's first invoice (<see cref="SubscriptionInvoicePaid"/>;
    /// <paramref name="paymentMethodId"/>: the paying record's payment method). True when the invoice became paid:
    /// the caller cancels the invoice's open payments that hold nothing (<see cref="InvoiceGuards.CancelStale"/>).
    /// </summary>
    public static async Task<bool> CreditAsync(BillingContext billing, Invoice invoice, Customer customer, InvoicePayment payment, long amount, string? paymentMethodId)
    {
        var invoiceChange = await billing.Events.WatchInvoiceAsync(invoice);
        var customerChange = billing.Events.WatchCustomer(customer);
        var credit = invoice.CreditPayment(payment, amount, billing.Now);
        if (credit.BecamePaid) Customers.CustomerDelinquency.Set(billing, customer, false, watched: true);
        if (credit.NewlyOverpaid > 0 && customer.BalanceAppliesTo(invoice.Currency))
            billing.Invoices.Book(customer.MoveBalance(-credit.NewlyOverpaid, invoice.Currency, CustomerBalanceTransaction.InvoiceOverpaid, invoice.Id, null, billing.Now));
        await billing.Events.InvoicePaymentAsync(BillingOutcome.InvoicePaymentPaid, payment);
        invoiceChange.EmitIfChanged();
        if (credit.BecamePaid) await billing.Events.InvoiceAsync(BillingOutcome.InvoicePaidByPayment, invoice, customer);
        if (credit.NewlyOverpaid > 0) await billing.Events.InvoiceAsync(BillingOutcome.InvoiceOverpaid, invoice, customer);
        customerChange.EmitIfChanged();
        if (credit.BecamePaid) await SubscriptionInvoicePaid.RunAsync(billing, invoice, paymentMethodId);
        return credit.BecamePaid;
    }
}
