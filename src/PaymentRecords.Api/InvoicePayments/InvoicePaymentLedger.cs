using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Customers;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.PaymentRecords;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Api.InvoicePayments;

/// <summary>
/// How payment records pay invoices, in the request's one transaction:
/// <list type="bullet">
/// <item><c>attach_payment</c> adds an open invoice payment; a record already guaranteed is credited at once.</item>
/// <item>A record's attempt reported guaranteed later credits its open invoice payment (the payment-record hook).</item>
/// <item>Crediting marks the payment paid, moves the invoice's totals (and status once nothing remains), books any
/// overpayment to the customer's balance (<c>invoice_overpaid</c>) and queues the events.</item>
/// </list>
/// Lock order: payment record → customer → invoice (see <see cref="InvoiceStore"/>). Invoice payment rows only
/// change under their invoice's row lock, so reading them after taking that lock sees their latest state.
/// </summary>
public static class InvoicePaymentLedger
{
    /// <summary>POST /v1/invoices/{invoice}/attach_payment.</summary>
    public static async Task<JsonObject> AttachAsync(RequestScope s)
    {
        var p = s.Params;
        var recordId = p.String("payment_record");
        var intentId = p.String("payment_intent");
        if (!string.IsNullOrEmpty(recordId) && !string.IsNullOrEmpty(intentId))
            throw new StripeException(ErrorCatalog.Exclusive("payment_intent", "payment_record"));
        if (string.IsNullOrEmpty(recordId) && string.IsNullOrEmpty(intentId))
            throw new StripeException(ErrorCatalog.AttachPaymentSourceMissing());
        var invoiceId = s.Route("invoice");
        var customerId = await InvoiceStore.CustomerIdAsync(s, invoiceId);
        // PaymentIntents are not emulated: any id names one this account does not have.
        NotHeldObjects.Refuse(p.Values, NotHeldObjects.PaymentIntent, "payment_intent");

        var record = await PaymentRecordsApi.LockRecordAsync(s, recordId!, "payment_record");
        var customer = await InvoiceStore.LockCustomerAsync(s, customerId);
        var invoice = await InvoiceStore.LockAsync(s, invoiceId);
        if (invoice.Status == InvoiceStatus.Paid) throw new StripeException(ErrorCatalog.InvoiceAlreadyPaid());
        if (!InvoiceStatusMachine.Allows(invoice.Status, InvoiceAction.AttachPayment))
            throw new StripeException(ErrorCatalog.InvoiceAttachPaymentStatus(invoice.Status.Wire()));
        if (record.Currency != invoice.Currency)
            throw new StripeException(ErrorCatalog.PaymentRecordCurrencyMismatch(record.Id, record.Currency, invoice.Id, invoice.Currency));
        if (record.CustomerId is { Length: > 0 } recordCustomer && recordCustomer != invoice.CustomerId)
            throw new StripeException(ErrorCatalog.PaymentRecordCustomerMismatch(record.Id, recordCustomer, invoice.Id, invoice.CustomerId));
        // Checked under the record's lock, so the answer can name the invoice; the unique index backs it up.
        var attachedTo = await Scope(s).AsNoTracking()
            .Where(x => x.PaymentRecordId == record.Id && x.Status != InvoicePaymentStatus.Canceled)
            .Select(x => x.InvoiceId).FirstOrDefaultAsync();
        if (attachedTo is not null) throw new StripeException(ErrorCatalog.PaymentRecordAlreadyAttached(record.Id, attachedTo));

        var payment = new InvoicePayment
        {
            AccountId = s.AccountId,
            Id = Ids.New(Ids.InvoicePayment),
            Created = s.Now,
            InvoiceId = invoice.Id,
            Currency = record.Currency,
            AmountRequested = record.AmountRequested,
            Status = InvoicePaymentStatus.Open,
            PaymentRecordId = record.Id,
        };
        // Saved with the request's next flush; the unique index's answer is mapped wherever that happens.
        s.Db.InvoicePayments.Add(payment);
        if (record.LatestAttemptStatus == AttemptStatus.Guaranteed)
            return await CreditAsync(s, invoice, customer, payment, record.Amounts.Guaranteed);
        return await InvoiceStore.RenderAsync(s, invoice, customer);
    }

    /// <summary>
    /// The payment-record hook: <paramref name="record"/> (locked by the caller) was just guaranteed. Its open
    /// invoice payment, if any, is credited.
    /// </summary>
    public static async Task OnRecordGuaranteedAsync(RequestScope s, PaymentRecord record)
    {
        // A record reported in this very request cannot be attached yet: no read needed.
        if (s.Db.Entry(record).State == EntityState.Added) return;
        var invoiceId = await OpenPayments(s, record.Id).AsNoTracking().Select(x => x.InvoiceId).FirstOrDefaultAsync();
        if (invoiceId is null) return;
        var customer = await InvoiceStore.LockCustomerAsync(s, await InvoiceStore.CustomerIdAsync(s, invoiceId));
        var invoice = await InvoiceStore.LockAsync(s, invoiceId);
        // Read again under the invoice's lock: a void may have canceled it meanwhile.
        var payment = await OpenPayments(s, record.Id).FirstOrDefaultAsync(x => x.InvoiceId == invoiceId);
        if (payment is null) return;
        await CreditAsync(s, invoice, customer, payment, record.Amounts.Guaranteed);
    }

    /// <summary>
    /// Credits <paramref name="payment"/> to its invoice (both locked), books an overpayment and queues
    /// <c>invoice_payment.paid</c>, <c>invoice.updated</c>, and <c>invoice.paid</c> + <c>invoice.payment_succeeded</c>
    /// when the invoice turns paid, <c>invoice.overpaid</c> when it is overpaid by more than before, then
    /// <c>customer.updated</c> when the overpayment moved the customer's balance.
    /// Returns the invoice as it now stands.
    /// </summary>
    private static async Task<JsonObject> CreditAsync(RequestScope s, Invoice invoice, Customer customer, InvoicePayment payment, long amount)
    {
        // Crediting changes no line: one read of the lines renders the invoice before and after.
        var lines = await InvoiceStore.EmbeddedLinesAsync(s, invoice.Id);
        var before = InvoiceRenderer.Render(invoice, lines, customer);
        var customerChange = CustomerChange.Watch(customer);
        var credit = invoice.CreditPayment(payment, amount, s.Now);
        if (credit.NewlyOverpaid > 0 && customer.BalanceAppliesTo(invoice.Currency))
            InvoiceStore.Book(s, customer.MoveBalance(-credit.NewlyOverpaid, invoice.Currency, CustomerBalanceTransaction.InvoiceOverpaid, invoice.Id, null, s.Now));
        var after = InvoiceRenderer.Render(invoice, lines, customer);
        await InvoiceStore.EmitAsync(s, "invoice_payment.paid", InvoicePaymentRenderer.Render(payment));
        await InvoiceStore.EmitUpdatedAsync(s, "invoice.updated", before, after);
        if (credit.BecamePaid)
        {
            await InvoiceStore.EmitAsync(s, "invoice.paid", after);
            await InvoiceStore.EmitAsync(s, "invoice.payment_succeeded", after);
        }
        if (credit.NewlyOverpaid > 0) await InvoiceStore.EmitAsync(s, "invoice.overpaid", after);
        customerChange.EmitIfChanged(s);
        return after;
    }

    /// <summary>
    /// What the invoice's payments hold back (<see cref="InvoiceStatusMachine.BlockedByPayments"/>), and its open
    /// payments that hold nothing because their record's latest attempt failed or was canceled (tracked, so void can
    /// cancel them). The caller holds the invoice's lock.
    /// </summary>
    public static Task<InvoicePaymentHolds> HoldsAsync(RequestScope s, string invoiceId) => InvoiceStore.Store(s).PaymentHoldsAsync(invoiceId);

    /// <summary>Refuses <paramref name="action"/> when the invoice's payments hold it back.</summary>
    public static void RefuseIfHeld(Invoice invoice, InvoiceAction action, PaymentHolds holds)
    {
        if (InvoiceStatusMachine.BlockedByPayments(action, holds)) throw new StripeException(HeldError(invoice, action, holds));
    }

    /// <summary>Stripe's answer when the invoice's payments hold <paramref name="action"/> back.</summary>
    public static StripeError HeldError(Invoice invoice, InvoiceAction action, PaymentHolds holds)
    {
        var which = holds is { Open: > 0, Paid: > 0 } ? "open and paid" : holds.Paid > 0 ? "paid" : "open";
        return action switch
        {
            InvoiceAction.MarkUncollectible => ErrorCatalog.InvoiceHasPayments("mark as uncollectible", invoice.Id, which,
                "An invoice with an open payment can't be marked uncollectible; report the payment record's attempt as failed or canceled first."),
            InvoiceAction.Pay => ErrorCatalog.InvoiceHasPayments("pay", invoice.Id, which,
                "An invoice with an open payment can't be paid out of band; report the payment record's attempt as guaranteed, failed or canceled first."),
            InvoiceAction.Void => ErrorCatalog.InvoiceHasPayments("void", invoice.Id, which,
                "An invoice with open or paid payments can't be voided; report open payment records' attempts as failed or canceled, and issue a credit note for paid ones."),
            _ => ErrorCatalog.InvoiceHasPayments("edit", invoice.Id, which, "An invoice with open or paid payments can't be edited."),
        };
    }

    public static IQueryable<InvoicePayment> Scope(RequestScope s) => s.Db.InvoicePayments.Where(x => x.AccountId == s.AccountId);

    private static IQueryable<InvoicePayment> OpenPayments(RequestScope s, string recordId) =>
        Scope(s).Where(x => x.PaymentRecordId == recordId && x.Status == InvoicePaymentStatus.Open);
}
