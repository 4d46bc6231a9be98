using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <summary>The refusals every invoice use case checks, in the order Stripe answers them: status first, then payments.</summary>
internal static class InvoiceGuards
{
    /// <summary><see cref="InvoiceRefused"/> when the (locked) invoice's status does not allow <paramref name="action"/>.</summary>
    public static void RequireStatusAllows(Invoice invoice, InvoiceAction action)
    {
        if (!InvoiceStatusMachine.Allows(invoice.Status, action)) throw new InvoiceRefused(action, invoice);
    }

    /// <summary>
    /// <see cref="InvoiceRefused"/> when the (locked) invoice's payments hold <paramref name="action"/> back; otherwise its
    /// open payments that hold nothing (tracked: a void cancels them).
    /// </summary>
    public static async Task<IReadOnlyList<InvoicePayment>> RequireNotHeldAsync(this IInvoiceStore store, Invoice invoice, InvoiceAction action)
    {
        var (holds, stale) = await store.PaymentHoldsAsync(invoice.Id);
        if (InvoiceStatusMachine.BlockedByPayments(action, holds)) throw new InvoiceRefused(action, invoice, InvoiceRefusal.HeldByPayments, holds);
        return stale;
    }

    /// <summary>
    /// Cancels the open payments that hold nothing (their record's latest attempt failed or was canceled) once the
    /// invoice no longer awaits payment: voided, marked uncollectible, or paid. So no such invoice keeps an open
    /// payment (Stripe: "When an invoice has open payments, you can't mark it uncollectible"), and a later attempt on
    /// the record cannot pay the invoice a second time. A canceled payment frees its record to be attached elsewhere.
    /// </summary>
    public static void CancelStale(IEnumerable<InvoicePayment> stale, long at)
    {
        foreach (var payment in stale) payment.Cancel(at);
    }

    /// <summary><see cref="CancelStale(IEnumerable{InvoicePayment}, long)"/> for an invoice that just became paid (its payments read under its lock).</summary>
    public static async Task CancelStaleAsync(this IInvoiceStore store, Invoice invoice, long at) =>
        CancelStale((await store.PaymentHoldsAsync(invoice.Id)).Stale, at);
}
