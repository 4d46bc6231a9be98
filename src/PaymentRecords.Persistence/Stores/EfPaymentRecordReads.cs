using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application;
using PaymentRecords.Application.Listing;
using PaymentRecords.Application.PaymentRecords;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="IPaymentRecordReads"/> over one DbContext, for one account.</summary>
public sealed class EfPaymentRecordReads(PaymentRecordsDbContext db, string accountId) : IPaymentRecordReads
{
    private IQueryable<PaymentAttemptRecord> Attempts() => db.PaymentAttemptRecords.AsNoTracking().Where(a => a.AccountId == accountId);

    public Task<PaymentRecord?> FindAsync(string recordId) =>
        db.PaymentRecords.AsNoTracking().FirstOrDefaultAsync(r => r.AccountId == accountId && r.Id == recordId);

    public Task<PaymentAttemptRecord?> FindAttemptAsync(string attemptId) => Attempts().FirstOrDefaultAsync(a => a.Id == attemptId);

    public async Task<ListQuery<PaymentAttemptRecord>> ListAttemptsAsync(string recordId)
    {
        if (!await db.ExistsAsync<PaymentRecord>(accountId, recordId)) throw new NotFound("payment_record", recordId, "payment_record");
        var all = Attempts();
        return new ListQuery<PaymentAttemptRecord>(all, all.Where(a => a.PaymentRecordId == recordId));
    }
}
