using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.PaymentRecords;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="IPaymentRecordStore"/> over one unit of work, for one account.</summary>
public sealed class EfPaymentRecordStore(PaymentRecordsDbContext db, string accountId) : IPaymentRecordStore
{
    public Task<PaymentRecord?> LockAsync(string recordId) => db.LockOneAsync<PaymentRecord>(accountId, recordId);

    public Task<PaymentAttemptRecord> LatestAttemptAsync(PaymentRecord record) =>
        db.PaymentAttemptRecords.FirstAsync(a => a.AccountId == accountId && a.Id == record.LatestAttemptId);

    public Task<bool> LiveCustomerExistsAsync(string customerId) =>
        db.Customers.AnyAsync(c => c.AccountId == accountId && !c.Deleted && c.Id == customerId);

    public Task<string?> PaymentMethodCustomerAsync(string paymentMethodId) =>
        db.PaymentMethods.Where(pm => pm.AccountId == accountId && pm.Id == paymentMethodId).Select(pm => pm.CustomerId).FirstOrDefaultAsync();

    public Task<bool> RefundReferenceInUseAsync(string reference) =>
        db.PaymentRecordRefunds.AnyAsync(r => r.AccountId == accountId && r.RefundReference == reference);

    public void AddRecord(PaymentRecord record) => db.PaymentRecords.Add(record);

    public void AddAttempt(PaymentAttemptRecord attempt) => db.PaymentAttemptRecords.Add(attempt);

    public void AddRefund(PaymentRecordRefund refund) => db.PaymentRecordRefunds.Add(refund);
}

/// <summary>The Persistence stores over one unit of work, for one account: what a <c>BillingContext</c> is built with.</summary>
public static class EfBillingStores
{
    public static Application.BillingStores For(PaymentRecordsDbContext db, string accountId) =>
        new(new EfInvoiceStore(db, accountId), new EfCreditNoteStore(db, accountId), new EfPaymentRecordStore(db, accountId),
            new EfSubscriptionStore(db, accountId), new EfCustomerStore(db, accountId), new EfScheduleStore(db, accountId), new EfTestClockStore(db, accountId),
            new EfMeterStore(db, accountId));
}
