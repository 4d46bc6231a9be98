using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.TestClocks;
using PaymentRecords.Domain.Subscriptions;
using PaymentRecords.Domain.TestClocks;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="ITestClockStore"/> over one unit of work, for one account; and the reads of the test clock endpoints.</summary>
public sealed class EfTestClockStore(PaymentRecordsDbContext db, string accountId) : ITestClockStore
{
    /// <summary>The channel the schedulers LISTEN on.</summary>
    public const string Channel = "due_work";

    public Task<TestClock?> LockAsync(string clockId) => db.LockOneAsync<TestClock>(accountId, clockId);

    public void Add(TestClock clock) => db.TestClocks.Add(clock);

    public async Task<List<(string Interval, long IntervalCount)>> LiveItemIntervalsAsync(string clockId)
    {
        var ended = SubscriptionStatuses.Ended;
        var rows = await (
            from c in db.Customers
            where c.AccountId == accountId && c.TestClockId == clockId
            join s in db.Subscriptions on new { c.AccountId, CustomerId = c.Id } equals new { s.AccountId, s.CustomerId }
            where !ended.Contains(s.Status)
            join i in db.SubscriptionItems on new { s.AccountId, SubscriptionId = s.Id } equals new { i.AccountId, i.SubscriptionId }
            join p in db.Prices on new { i.AccountId, Id = i.PriceId } equals new { p.AccountId, p.Id }
            select new { p.Interval, p.IntervalCount }).Distinct().ToListAsync();
        return rows.Where(r => r.Interval is not null).Select(r => (r.Interval!, r.IntervalCount ?? 1)).ToList();
    }

    public Task<List<string>> LiveCustomerIdsAsync(string clockId) =>
        db.Customers.AsNoTracking().Where(c => c.AccountId == accountId && c.TestClockId == clockId && !c.Deleted)
            .OrderBy(c => c.Seq).Select(c => c.Id).ToListAsync();

    public async Task DeleteAsync(TestClock clock)
    {
        await db.DueWork.Where(w => w.AccountId == accountId && w.TestClockId == clock.Id).ExecuteDeleteAsync();
        db.TestClocks.Remove(clock);
    }

    public Task NotifySchedulersAsync() => db.Database.ExecuteSqlRawAsync($"SELECT pg_notify('{Channel}', '')");

    // ------------------------------------------------------------------ reads of the endpoints (untracked)

    public IQueryable<TestClock> All() => db.TestClocks.AsNoTracking().Where(c => c.AccountId == accountId);

    public Task<TestClock?> FindAsync(string id) => All().FirstOrDefaultAsync(c => c.Id == id);
}
