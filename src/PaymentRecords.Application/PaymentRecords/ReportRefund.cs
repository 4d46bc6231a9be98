using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.PaymentRecords;

/// <param name="RefundReference">processor_details[custom][refund_reference]: unique per account (the refund group a credit note cites).</param>
/// <param name="Amount">The amount given (currency normalized, range checked); null: all that is left to refund.</param>
/// <param name="Metadata">The refund's metadata (what it sets); <paramref name="RecordMetadata"/> changes the record's.</param>
public sealed record ReportRefundCommand(
    string RecordId,
    string RefundReference,
    long RefundedAt,
    long? InitiatedAt,
    (string Currency, long Value)? Amount,
    MetadataChange? Metadata);

/// <summary>
/// <c>report_refund</c>: books a refund against the guaranteed latest attempt (<see cref="PaymentRecord.ApplyRefund"/>).
/// Refused, in this order: the attempt is not guaranteed, another currency, nothing left to refund, more than is
/// left, a refund reference in use.
/// </summary>
public sealed class ReportRefund(BillingContext billing)
{
    public async Task<PaymentRecord> RunAsync(ReportRefundCommand command)
    {
        var (record, latest) = await PaymentReports.LockAsync(billing, command.RecordId);
        if (!AttemptLifecycle.CanRefund(latest.Status)) throw Refused(PaymentReportRefusal.NotRefundable);
        if (command.Amount is { } given && given.Currency != record.Currency)
            throw new PaymentReportRefused(PaymentReportRefusal.RefundCurrencyMismatch, record.Id, latest) { Currency = given.Currency };
        var refundable = record.Refundable;
        if (refundable == 0) throw Refused(PaymentReportRefusal.FullyRefunded);
        var value = command.Amount?.Value ?? refundable;
        if (value > refundable) throw new PaymentReportRefused(PaymentReportRefusal.RefundExceedsRefundable, record.Id, latest) { Amount = value, Refundable = refundable };
        // Checked here for a clear answer; the unique index still decides when two reports race.
        if (await billing.PaymentRecords.RefundReferenceInUseAsync(command.RefundReference)) throw Refused(PaymentReportRefusal.RefundReferenceInUse);

        var refund = new PaymentRecordRefund
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.PaymentRecordRefund),
            Created = billing.Now,
            PaymentRecordId = record.Id,
            PaymentAttemptRecordId = latest.Id,
            RefundReference = command.RefundReference,
            Amount = value,
            Currency = record.Currency,
            RefundedAt = command.RefundedAt,
            InitiatedAt = command.InitiatedAt,
            Metadata = MetadataChange.New(command.Metadata),
        };
        record.ApplyRefund(latest, refund);
        billing.PaymentRecords.AddRefund(refund);
        if (command.Metadata is { } change) record.Metadata = change.ApplyTo(record.Metadata);
        return record;

        PaymentReportRefused Refused(PaymentReportRefusal reason) => new(reason, record.Id, latest);
    }
}
