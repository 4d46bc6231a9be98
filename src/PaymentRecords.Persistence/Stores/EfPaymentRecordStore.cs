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

    public async Task<bool> LiveCustomerExistsAsync(string customerId)
    {
        // Outside a transaction (the single-trip attempt of report_payment, docs/architecture.md) the customer is not
        // read: that it exists and is live becomes a guard the write command checks in its own transaction. When it
        // fails, the request runs the classic way, in a transaction, which reads it here and answers 404.
        if (db.Database.CurrentTransaction is null)
        {
            SingleTrip.SingleTripSave.Guard(db, "EXISTS (SELECT 1 FROM customers WHERE account_id = {0} AND id = {1} AND NOT deleted)",
                accountId, customerId);
            return true;
        }
        return await db.Customers.AnyAsync(c => c.AccountId == accountId && !c.Deleted && c.Id == customerId);
    }

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
            new EfPaymentMethodStore(db, accountId), new EfCatalogStore(db, accountId),
            new EfCreditGrantStore(db, accountId), new EfMeterStore(db, accountId));
}
