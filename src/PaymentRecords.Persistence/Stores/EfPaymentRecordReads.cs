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

    public ListQuery<PaymentRecord> List(string? customerId)
    {
        var all = db.PaymentRecords.AsNoTracking().Where(r => r.AccountId == accountId);
        return new ListQuery<PaymentRecord>(all, customerId is null ? all : all.Where(r => r.CustomerId == customerId));
    }

    /// <summary>One query: the refunds are a correlated collection, which EF Core joins into the attempts' SELECT.</summary>
    public async Task<IReadOnlyList<AttemptWithRefunds>> AttemptsOfRecordsAsync(IReadOnlyCollection<string> recordIds, int limit)
    {
        if (recordIds.Count == 0) return [];
        var rows = await Attempts().Where(a => recordIds.Contains(a.PaymentRecordId))
            .OrderByDescending(a => a.Created).ThenByDescending(a => a.Seq).Take(limit)
            .Select(a => new
            {
                Attempt = a,
                Refunds = db.PaymentRecordRefunds.Where(r => r.AccountId == accountId && r.PaymentAttemptRecordId == a.Id)
                    .OrderBy(r => r.Created).ThenBy(r => r.Seq).ToList(),
            })
            .AsNoTracking().ToListAsync();
        return [.. rows.Select(r => new AttemptWithRefunds(r.Attempt, r.Refunds))];
    }
}
