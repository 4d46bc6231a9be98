using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.Catalog;
using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="ICatalogStore"/> and <see cref="ICatalogReads"/> over one DbContext, for one account.</summary>
public sealed class EfCatalogStore(PaymentRecordsDbContext db, string accountId) : ICatalogStore, ICatalogReads
{
    private IQueryable<Product> Products() => db.Products.AsNoTracking().Where(p => p.AccountId == accountId);

    private IQueryable<Price> Prices() => db.Prices.AsNoTracking().Where(p => p.AccountId == accountId);

    public async Task<Product?> LockLiveProductAsync(string productId) =>
        await db.LockOneAsync<Product>(accountId, productId) is { Deleted: false } product ? product : null;

    // A key lookup: at most one row (SingleOrDefault states it; First would ask for an ORDER BY).
    public Task<Product?> ShareLiveProductAsync(string productId) =>
        db.Products.FromSql($"SELECT * FROM products WHERE account_id = {accountId} AND id = {productId} AND NOT deleted FOR SHARE")
            .AsNoTracking().SingleOrDefaultAsync();

    public Task<bool> ProductIdTakenAsync(string productId) => Products().AnyAsync(p => p.Id == productId);

    public Task<bool> HasUserPricesAsync(string productId) => Prices().AnyAsync(p => p.ProductId == productId && !p.Inline);

    public Task<Price?> FindPriceAsync(string priceId) => Prices().FirstOrDefaultAsync(p => p.Id == priceId);

    public Task<Price?> LockPriceAsync(string priceId) => db.LockOneAsync<Price>(accountId, priceId);

    public async Task<Price?> LockLookupKeyHolderAsync(string lookupKey)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"lookup_key:" + accountId + ":" + lookupKey}, 0))");
        // The key is unique per account (an index): at most one holder.
        return await db.Prices.FromSql($"SELECT * FROM prices WHERE account_id = {accountId} AND lookup_key = {lookupKey} FOR UPDATE")
            .SingleOrDefaultAsync();
    }

    public void Add(Product product) => db.Products.Add(product);

    public Task<Coupon?> LockCouponAsync(string couponId) => db.LockOneAsync<Coupon>(accountId, couponId);

    public void Add(Coupon coupon) => db.Coupons.Add(coupon);

    public void Remove(Coupon coupon) => db.Coupons.Remove(coupon);

    public void Add(Discount discount) => db.Discounts.Add(discount);

    public async Task RemoveInvoiceDiscountsAsync(string invoiceId, IReadOnlyCollection<string> discountIds)
    {
        if (discountIds.Count == 0) return;
        // Made in this unit of work and not written yet: never written, then.
        foreach (var pending in db.ChangeTracker.Entries<Discount>()
                     .Where(e => e.State == EntityState.Added && e.Entity.InvoiceId == invoiceId && discountIds.Contains(e.Entity.Id)).ToList())
            pending.State = EntityState.Detached;
        await db.Discounts.Where(d => d.AccountId == accountId && d.InvoiceId == invoiceId && discountIds.Contains(d.Id)).ExecuteDeleteAsync();
    }

    public Task<Discount?> FindDiscountAsync(string discountId) =>
        db.Discounts.AsNoTracking().FirstOrDefaultAsync(d => d.AccountId == accountId && d.Id == discountId);

    public Task<Coupon?> FindCouponAsync(string couponId) =>
        db.Coupons.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == accountId && c.Id == couponId);

    public ListQuery<Coupon> ListCoupons(RangeFilter? created)
    {
        var all = db.Coupons.AsNoTracking().Where(c => c.AccountId == accountId);
        return new ListQuery<Coupon>(all, all.WhereRange(created, c => c.Created));
    }

    public void Add(Price price) => db.Prices.Add(price);

    public Task FlushAsync() => db.SaveChangesAsync();

    public Task<Product?> FindProductAsync(string productId) => Products().FirstOrDefaultAsync(p => p.Id == productId);

    public ListQuery<Product> ListProducts(ProductListFilter filter)
    {
        var all = Products().Where(p => !p.Deleted);
        var query = all.WhereRange(filter.Created, p => p.Created);
        if (filter.Active is { } active) query = query.Where(p => p.Active == active);
        if (filter.Shippable is { } shippable) query = query.Where(p => p.Shippable == shippable);
        if (filter.Type is { } type) query = query.Where(p => p.Type == type);
        if (filter.Url is { } url) query = query.Where(p => p.Url == url);
        if (filter.Ids is { } ids) query = query.Where(p => ids.Contains(p.Id));
        return new ListQuery<Product>(all, query);
    }

    public ListQuery<Price> ListPrices(PriceListFilter filter)
    {
        var all = Prices().Where(p => !p.Inline);
        var query = all.WhereRange(filter.Created, p => p.Created).Where(p => p.Active == filter.Active);
        if (filter.ProductId is { } product) query = query.Where(p => p.ProductId == product);
        if (filter.Type is { } type) query = query.Where(p => p.Type == type);
        if (filter.Currency is { } currency) query = query.Where(p => p.Currency == currency);
        if (filter.LookupKeys is { } keys) query = query.Where(p => p.LookupKey != null && keys.Contains(p.LookupKey));
        if (filter.Recurring is { } recurring)
        {
            query = query.Where(p => p.Type == Price.Recurring);
            if (recurring.Interval is { } interval) query = query.Where(p => p.Interval == interval);
            if (recurring.UsageType is { } usage) query = query.Where(p => p.UsageType == usage);
            if (recurring.Meter is { } meter) query = query.Where(p => p.MeterId == meter);
        }
        return new ListQuery<Price>(all, query);
    }
}
