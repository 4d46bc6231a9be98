using PaymentRecords.Api.Billing;
using PaymentRecords.Application.InvoicePayments;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Api.PaymentRecords;

/// <summary>
/// The point where other resources react to a payment record, inside the same request transaction (the pipeline
/// commits once, after the handler): an open invoice payment that cites the record becomes <c>paid</c>, the
/// invoice's amounts (and status) move and <c>invoice_payment.paid</c> / <c>invoice.updated</c> / <c>invoice.paid</c> …
/// are queued, all committed with the report.
/// </summary>
public static class PaymentRecordHooks
{
    /// <summary>
    /// Called once whenever the latest attempt of <paramref name="record"/> has just become guaranteed:
    /// <c>report_payment</c> or <c>report_payment_attempt</c> with <c>outcome=guaranteed</c>, and
    /// <c>report_payment_attempt_guaranteed</c>. The record row is locked (or newly inserted) and tracked; changes
    /// made through <c>scope.Db</c> are saved with it. Locks the customer and invoice it pays after the record.
    /// </summary>
    public static Task OnGuaranteedAsync(RequestScope scope, PaymentRecord record) =>
        new RequestBilling(scope).RunAsync(async billing =>
        {
            await new CreditGuaranteedRecord(billing).RunAsync(record);
            return true;
        }, _ => null);
}
