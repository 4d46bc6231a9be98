using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Application.Catalog;

/// <summary>
/// Product and price data access the catalog use cases need (PaymentRecords.Persistence implements it). Lock order: a
/// product (FOR UPDATE by its own writes, FOR SHARE by a new price of it), then the lookup key's holder.
/// </summary>
public interface ICatalogStore
{
    /// <summary>SELECT … FOR UPDATE on a live (not deleted) product, tracked; null if none.</summary>
    Task<Product?> LockLiveProductAsync(string productId);

    /// <summary>
    /// A live product locked FOR SHARE until commit, untracked; null if none: what a new price of it takes, so that the
    /// product's delete (FOR UPDATE, then "has it prices?") waits for the price to commit and sees it, and a price
    /// created after a committed delete finds no product.
    /// </summary>
    Task<Product?> ShareLiveProductAsync(string productId);

    /// <summary>Whether the account has a product with this id, deleted or not (ids are never reused).</summary>
    Task<bool> ProductIdTakenAsync(string productId);

    /// <summary>Whether the product has "user-created prices" (an inline price does not keep its product).</summary>
    Task<bool> HasUserPricesAsync(string productId);

    /// <summary>The price, untracked, or null.</summary>
    Task<Price?> FindPriceAsync(string priceId);

    /// <summary>SELECT … FOR UPDATE on the price, tracked; null if none.</summary>
    Task<Price?> LockPriceAsync(string priceId);

    /// <summary>
    /// One writer per lookup key at a time (a transaction-scoped advisory lock), then the price holding it, locked and
    /// tracked (null if none): a second request for the same key waits, then sees the first one's holder (committed).
    /// </summary>
    Task<Price?> LockLookupKeyHolderAsync(string lookupKey);

    /// <summary>SELECT … FOR UPDATE on the coupon, tracked; null if none (a deleted coupon has no row).</summary>
    Task<Coupon?> LockCouponAsync(string couponId);

    void Add(Product product);

    /// <summary>Adds the coupon; a taken id surfaces at the flush as <see cref="CatalogRefusal.CouponIdInUse"/>'s unique-key collision.</summary>
    void Add(Coupon coupon);

    /// <summary>Removes the (locked) coupon's row.</summary>
    void Remove(Coupon coupon);

    void Add(Discount discount);

    /// <summary>
    /// Deletes the rows of those of <paramref name="discountIds"/> made for the invoice <paramref name="invoiceId"/>
    /// (taken off it); a subscription's discounts an invoice took are the subscription's and stay.
    /// </summary>
    Task RemoveInvoiceDiscountsAsync(string invoiceId, IReadOnlyCollection<string> discountIds);

    void Add(Price price);

    /// <summary>Writes the pending changes now (a unique index's collision surfaces here).</summary>
    Task FlushAsync();
}
