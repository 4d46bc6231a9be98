using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.PaymentRecords;

/// <param name="Outcome">Guaranteed, failed or canceled, at the time the endpoint's parameter gives.</param>
/// <param name="Metadata">A change to the record's and its latest attempt's metadata.</param>
public sealed record ResolvePaymentAttemptCommand(string RecordId, AttemptOutcome Outcome, MetadataChange? Metadata);

/// <summary>
/// <c>report_payment_attempt_{guaranteed,failed,canceled}</c>: the latest attempt leaves initiated
/// (<see cref="AttemptLifecycle.CanResolve"/>); a guaranteed one credits the invoice payment that cites the record.
/// </summary>
public sealed class ResolvePaymentAttempt(BillingContext billing)
{
    public async Task<PaymentRecord> RunAsync(ResolvePaymentAttemptCommand command)
    {
        var (record, latest) = await PaymentReports.LockAsync(billing, command.RecordId);
        if (!AttemptLifecycle.CanResolve(latest.Status, command.Outcome.Status))
            throw new PaymentReportRefused(PaymentReportRefusal.AttemptNotInitiated, record.Id, latest) { Outcome = command.Outcome.Status };
        if (command.Metadata is { } change)
        {
            record.Metadata = change.ApplyTo(record.Metadata);
            latest.Metadata = change.ApplyTo(latest.Metadata);
        }
        await PaymentReports.ApplyOutcomeAsync(billing, record, latest, command.Outcome);
        return record;
    }
}
