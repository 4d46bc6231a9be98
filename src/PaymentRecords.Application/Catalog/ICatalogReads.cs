using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Application.Catalog;

/// <param name="Ids">Stripe's <c>ids</c>: only these (null: no filter).</param>
public sealed record ProductListFilter(RangeFilter? Created, bool? Active, bool? Shippable, string? Type, string? Url, IReadOnlyList<string>? Ids);

/// <param name="Active">Stripe lists active prices unless told otherwise: true by default.</param>
/// <param name="Recurring">Given: recurring prices only, by these (each may be null).</param>
public sealed record PriceListFilter(RangeFilter? Created, bool Active, string? ProductId, string? Type, string? Currency,
    IReadOnlyList<string>? LookupKeys, PriceRecurringFilter? Recurring);

public sealed record PriceRecurringFilter(string? Interval, string? UsageType, string? Meter);

/// <summary>What the product and price endpoints and references read (PaymentRecords.Persistence implements it): untracked, one account.</summary>
public interface ICatalogReads
{
    /// <summary>The product, deleted or not, or null.</summary>
    Task<Product?> FindProductAsync(string productId);

    /// <summary>The price (archived and inline ones too: a reference still resolves them), or null.</summary>
    Task<Price?> FindPriceAsync(string priceId);

    /// <summary>The coupon, or null (deleted coupons are gone).</summary>
    Task<Coupon?> FindCouponAsync(string couponId);

    /// <summary>The discount, or null (a removed discount is gone).</summary>
    Task<Discount?> FindDiscountAsync(string discountId);

    /// <summary>Coupons made in <paramref name="created"/>, newest first.</summary>
    ListQuery<Coupon> ListCoupons(RangeFilter? created);

    /// <summary>Live products by the filters.</summary>
    ListQuery<Product> ListProducts(ProductListFilter filter);

    /// <summary>Prices by the filters; inline prices belong to their line and are never listed.</summary>
    ListQuery<Price> ListPrices(PriceListFilter filter);
}
