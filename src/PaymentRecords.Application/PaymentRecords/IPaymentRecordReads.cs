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
}
