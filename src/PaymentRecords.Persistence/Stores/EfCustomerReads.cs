using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.Customers;
using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Persistence.Tracking;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="ICustomerReads"/> over one DbContext, for one account.</summary>
public sealed class EfCustomerReads(PaymentRecordsDbContext db, string accountId) : ICustomerReads
{
    private IQueryable<Customer> Customers() => db.Customers.AsNoTracking().Where(c => c.AccountId == accountId);

    /// <summary>
    /// Compiled once: the hot retrieve (and every expansion or reference of a customer) skips EF's per-call expression
    /// tree, parameter extraction and query-cache lookup (about 7 KB allocated per call); the SQL is the same.
    /// </summary>
    private static readonly Func<PaymentRecordsDbContext, string, string, Task<Customer?>> FindQuery =
        EF.CompileAsyncQuery((PaymentRecordsDbContext db, string accountId, string customerId) =>
            db.Customers.AsNoTracking().FirstOrDefault(c => c.AccountId == accountId && c.Id == customerId));

    public Task<Customer?> FindAsync(string customerId) => FindQuery(db, accountId, customerId);

    public async Task<Customer?> FindCurrentAsync(string customerId) =>
        db.ChangeTracker.WithoutDetection(() => db.Customers.Local.FirstOrDefault(c => c.AccountId == accountId && c.Id == customerId))
        ?? await FindAsync(customerId);

    public ListQuery<Customer> List(CustomerListFilter filter)
    {
        var all = Customers().Where(c => !c.Deleted);
        var query = all.WhereRange(filter.Created, c => c.Created);
        if (filter.Email is { } email) query = query.Where(c => c.Email == email);
        // Stripe: "will not include customers with test clocks if this parameter is not set".
        query = filter.TestClockId is { Length: > 0 } clockId ? query.Where(c => c.TestClockId == clockId) : query.Where(c => c.TestClockId == null);
        return new ListQuery<Customer>(all, query);
    }
}
