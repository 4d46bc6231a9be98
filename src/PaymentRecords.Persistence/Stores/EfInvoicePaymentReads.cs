using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application;
using PaymentRecords.Application.InvoicePayments;
using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.PaymentRecords;
using PaymentRecords.Persistence.Tracking;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="IInvoicePaymentReads"/> over one DbContext, for one account.</summary>
public sealed class EfInvoicePaymentReads(PaymentRecordsDbContext db, string accountId) : IInvoicePaymentReads
{
    private IQueryable<InvoicePayment> Payments() => db.InvoicePayments.AsNoTracking().Where(x => x.AccountId == accountId);

    public Task<InvoicePayment?> FindAsync(string invoicePaymentId) => Payments().FirstOrDefaultAsync(x => x.Id == invoicePaymentId);

    public async Task<ListQuery<InvoicePayment>> ListAsync(InvoicePaymentListFilter filter)
    {
        var all = Payments();
        var query = all;
        if (filter.InvoiceId is { Length: > 0 } invoiceId) query = query.Where(x => x.InvoiceId == invoiceId);
        if (filter.PaymentType is { } type) query = query.Where(x => x.PaymentType == type);
        if (filter.PaymentRecordId is { Length: > 0 } recordId)
        {
            if (!await db.ExistsAsync<PaymentRecord>(accountId, recordId)) throw new NotFound("payment_record", recordId, "payment[payment_record]");
            query = query.Where(x => x.PaymentRecordId == recordId);
        }
        if (filter.Status is { } status) query = query.Where(x => x.Status == status);
        return new ListQuery<InvoicePayment>(all, query);
    }

    /// <summary>
    /// Compiled once: attach_payment reads an invoice's newest payments on every call, and EF Core built the query's
    /// expression tree and looked it up in its cache each time (4% of the server's CPU in the seed flow); the SQL is the same.
    /// </summary>
    private static readonly Func<PaymentRecordsDbContext, string, string, int, IAsyncEnumerable<InvoicePayment>> NewestQuery =
        EF.CompileAsyncQuery((PaymentRecordsDbContext db, string accountId, string invoiceId, int take) =>
            db.InvoicePayments.AsNoTracking().Where(x => x.AccountId == accountId && x.InvoiceId == invoiceId)
                .OrderByDescending(x => x.Created).ThenByDescending(x => x.Seq).Take(take));

    public async Task<IReadOnlyList<InvoicePayment>> NewestOfInvoiceAsync(string invoiceId, int count)
    {
        var tracked = db.ChangeTracker.WithoutDetection(() => db.ChangeTracker.Entries<InvoicePayment>()
            .Where(e => e.Entity.AccountId == accountId && e.Entity.InvoiceId == invoiceId)
            .ToDictionary(e => e.Entity.Id, StringComparer.Ordinal));
        var stored = new List<InvoicePayment>(count + 1);
        await foreach (var payment in NewestQuery(db, accountId, invoiceId, count + 1 + tracked.Count)) stored.Add(payment);
        return stored.Where(x => !tracked.ContainsKey(x.Id))
            .Select(x => (Payment: x, Seq: x.Seq))
            .Concat(tracked.Values.Where(e => e.State != EntityState.Deleted)
                .Select(e => (Payment: e.Entity, Seq: e.State == EntityState.Added ? long.MaxValue : e.Entity.Seq)))
            .OrderByDescending(x => x.Payment.Created).ThenByDescending(x => x.Seq)
            .Select(x => x.Payment).Take(count + 1).ToList();
    }
}
