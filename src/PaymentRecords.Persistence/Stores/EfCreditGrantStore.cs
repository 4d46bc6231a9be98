using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.Credits;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Credits;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="ICreditGrantStore"/> over one unit of work, for one account; and the reads of the billing credit endpoints.</summary>
public sealed class EfCreditGrantStore(PaymentRecordsDbContext db, string accountId) : ICreditGrantStore
{
    public void Add(CreditGrant grant) => db.CreditGrants.Add(grant);

    public void Add(CreditBalanceTransaction entry) => db.CreditBalanceTransactions.Add(entry);

    public void AddRange(IEnumerable<CreditBalanceTransaction> entries) => db.CreditBalanceTransactions.AddRange(entries);

    public Task<CreditGrant?> LockAsync(string grantId) => db.LockOneAsync<CreditGrant>(accountId, grantId);

    public async Task<IReadOnlyList<CreditGrant>> LockAsync(IReadOnlyCollection<string> grantIds)
    {
        if (grantIds.Count == 0) return [];
        var ids = grantIds.ToArray();
        return await db.CreditGrants
            .FromSqlRaw("SELECT * FROM credit_grants WHERE account_id = {0} AND id = ANY({1}) ORDER BY id FOR UPDATE", accountId, ids)
            .ToListAsync();
    }

    public async Task<IReadOnlyList<CreditGrant>> LockUsableAsync(string customerId, string currency, long at) =>
        await db.CreditGrants.FromSqlRaw("""
            SELECT * FROM credit_grants
            WHERE account_id = {0} AND customer_id = {1} AND currency = {2} AND remaining > 0
              AND voided_at IS NULL AND expired_at IS NULL AND effective_at <= {3}
            ORDER BY id FOR UPDATE
            """, accountId, customerId, currency, at).ToListAsync();

    public Task<int> UnusedCountAsync(string customerId) =>
        db.CreditGrants.CountAsync(g => g.AccountId == accountId && g.CustomerId == customerId && g.Remaining > 0 && g.VoidedAt == null && g.ExpiredAt == null);

    public async Task<IReadOnlySet<string>> MeteredPricesAsync(IReadOnlyCollection<string> priceIds)
    {
        var ids = priceIds.ToArray();
        var metered = await db.Prices.AsNoTracking()
            .Where(p => p.AccountId == accountId && ids.Contains(p.Id) && p.UsageType == "metered")
            .Select(p => p.Id).ToListAsync();
        return metered.ToHashSet(StringComparer.Ordinal);
    }

    public Task<bool> PriceExistsAsync(string priceId) => db.ExistsAsync<Price>(accountId, priceId);

    public async Task<IReadOnlyList<CreditBalanceTransaction>> AppliedToInvoiceAsync(string invoiceId) =>
        await db.CreditBalanceTransactions.AsNoTracking()
            .Where(t => t.AccountId == accountId && t.InvoiceId == invoiceId && t.Reason == CreditBalanceTransaction.CreditsApplied)
            .OrderBy(t => t.Seq).ToListAsync();

    // ------------------------------------------------------------------ reads of the endpoints (untracked)

    public IQueryable<CreditGrant> Grants() => db.CreditGrants.AsNoTracking().Where(g => g.AccountId == accountId);

    public Task<CreditGrant?> FindAsync(string id) => Grants().FirstOrDefaultAsync(g => g.Id == id);

    public IQueryable<CreditBalanceTransaction> Transactions() =>
        db.CreditBalanceTransactions.AsNoTracking().Where(t => t.AccountId == accountId);

    public Task<CreditBalanceTransaction?> FindTransactionAsync(string id) => Transactions().FirstOrDefaultAsync(t => t.Id == id);

    public Task<bool> CustomerExistsAsync(string customerId) => db.ExistsAsync<Domain.Customers.Customer>(accountId, customerId);

    /// <summary>The customer's grants with the ledger sums the balance summary needs (docs/endpoints-billing-credits.md).</summary>
    public async Task<List<(CreditGrant Grant, long Ledger)>> GrantsWithLedgerAsync(string customerId, long at)
    {
        var grants = await Grants().Where(g => g.CustomerId == customerId).ToListAsync();
        var ids = grants.Select(g => g.Id).ToArray();
        var sums = await Transactions()
            .Where(t => ids.Contains(t.CreditGrantId) && t.EffectiveAt <= at)
            .GroupBy(t => t.CreditGrantId)
            .Select(g => new { Id = g.Key, Sum = g.Sum(t => t.Type == CreditBalanceTransaction.Credit ? t.Amount : -t.Amount) })
            .ToDictionaryAsync(x => x.Id, x => x.Sum);
        return grants.Select(g => (g, sums.GetValueOrDefault(g.Id))).ToList();
    }
}
