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
}
