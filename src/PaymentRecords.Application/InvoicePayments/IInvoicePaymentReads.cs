using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.InvoicePayments;

namespace PaymentRecords.Application.InvoicePayments;

/// <param name="PaymentType">Stripe's <c>payment[type]</c>, with <paramref name="PaymentRecordId"/> its <c>payment[payment_record]</c>.</param>
public sealed record InvoicePaymentListFilter(string? InvoiceId, string? PaymentType, string? PaymentRecordId, InvoicePaymentStatus? Status);

/// <summary>What the invoice payment endpoints read (PaymentRecords.Persistence implements it): one account, no locks.</summary>
public interface IInvoicePaymentReads
{
    /// <summary>The invoice payment, or null.</summary>
    Task<InvoicePayment?> FindAsync(string invoicePaymentId);

    /// <summary>Invoice payments by the filters (the invoice is the caller's to check first); a missing payment record throws <see cref="NotFound"/> on <c>payment[payment_record]</c>.</summary>
    Task<ListQuery<InvoicePayment>> ListAsync(InvoicePaymentListFilter filter);

    /// <summary>
    /// The invoice's newest <paramref name="count"/> + 1 invoice payments (newest first) as this unit of work sees them:
    /// what it changed and has not saved yet merged in (tracked rows win over their stored version; a new row sorts after
    /// every stored one of its second, as its identity will).
    /// </summary>
    Task<IReadOnlyList<InvoicePayment>> NewestOfInvoiceAsync(string invoiceId, int count);
}
