using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application;
using PaymentRecords.Application.InvoicePayments;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Api.InvoicePayments;

/// <summary>
/// What the invoice endpoints need to know about an invoice's payments: what they hold back and Stripe's answer when
/// they do. Attaching a payment and crediting a guaranteed record are application services
/// (<see cref="AttachPayment"/>, <see cref="CreditGuaranteedRecord"/>).
/// </summary>
public static class InvoicePaymentLedger
{
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
            InvoiceAction.MarkUncollectible => InvoicePaymentErrors.InvoiceHasPayments("mark as uncollectible", invoice.Id, which,
                "An invoice with an open payment can't be marked uncollectible; report the payment record's attempt as failed or canceled first."),
            InvoiceAction.Pay => InvoicePaymentErrors.InvoiceHasPayments("pay", invoice.Id, which,
                "An invoice with an open payment can't be paid out of band; report the payment record's attempt as guaranteed, failed or canceled first."),
            InvoiceAction.Void => InvoicePaymentErrors.InvoiceHasPayments("void", invoice.Id, which,
                "An invoice with open or paid payments can't be voided; report open payment records' attempts as failed or canceled, and issue a credit note for paid ones."),
            _ => InvoicePaymentErrors.InvoiceHasPayments("edit", invoice.Id, which, "An invoice with open or paid payments can't be edited."),
        };
    }
}
