using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Application.PaymentRecords;

/// <summary>
/// Payment record data access the report use cases need (PaymentRecords.Persistence implements it). A report that
/// reads state first locks the record (<see cref="LockAsync"/>): two outcomes or two refunds racing on one record are
/// decided one after the other. The record comes first in the lock order (its customer, then the invoice it pays).
/// </summary>
public interface IPaymentRecordStore
{
    /// <summary>SELECT … FOR UPDATE on the record, tracked; null if none.</summary>
    Task<PaymentRecord?> LockAsync(string recordId);

    /// <summary>The (locked) record's latest attempt, tracked.</summary>
    Task<PaymentAttemptRecord> LatestAttemptAsync(PaymentRecord record);

    /// <summary>Whether the account holds a live (not deleted) customer <paramref name="customerId"/>.</summary>
    Task<bool> LiveCustomerExistsAsync(string customerId);

    /// <summary>The customer a held payment method is attached to; null when it is attached to none (or not held).</summary>
    Task<string?> PaymentMethodCustomerAsync(string paymentMethodId);

    /// <summary>Whether a refund of the account already carries <paramref name="reference"/> (a unique index backs the answer).</summary>
    Task<bool> RefundReferenceInUseAsync(string reference);

    /// <summary>Adds a new record to the unit of work.</summary>
    void AddRecord(PaymentRecord record);

    /// <summary>Adds a new attempt to the unit of work.</summary>
    void AddAttempt(PaymentAttemptRecord attempt);

    /// <summary>Adds a new refund to the unit of work.</summary>
    void AddRefund(PaymentRecordRefund refund);
}
