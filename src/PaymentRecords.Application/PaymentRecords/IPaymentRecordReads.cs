using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.PaymentRecords;

/// <summary>What the payment record and payment attempt record endpoints read (PaymentRecords.Persistence implements it): untracked, one account.</summary>
public interface IPaymentRecordReads
{
    /// <summary>The payment record, or null.</summary>
    Task<PaymentRecord?> FindAsync(string recordId);

    /// <summary>The payment attempt record, or null.</summary>
    Task<PaymentAttemptRecord?> FindAttemptAsync(string attemptId);

    /// <summary>The attempts of one payment record; <see cref="NotFound"/> on <c>payment_record</c> when the account holds no such record.</summary>
    Task<ListQuery<PaymentAttemptRecord>> ListAttemptsAsync(string recordId);

    /// <summary>
    /// Every payment record of the account, or of one customer, for the dashboard's list (Stripe has no list of payment
    /// records, so no endpoint uses it); paged by keyset (created, seq) like the API's lists.
    /// </summary>
    ListQuery<PaymentRecord> List(string? customerId);

    /// <summary>
    /// The attempts of these records, newest first, at most <paramref name="limit"/>, each with the refunds reported
    /// against it (report_refund books a refund on the latest attempt), oldest first: one read for any number of records.
    /// </summary>
    Task<IReadOnlyList<AttemptWithRefunds>> AttemptsOfRecordsAsync(IReadOnlyCollection<string> recordIds, int limit);
}

/// <summary>An attempt and the refunds reported against it.</summary>
public sealed record AttemptWithRefunds(PaymentAttemptRecord Attempt, IReadOnlyList<PaymentRecordRefund> Refunds);
