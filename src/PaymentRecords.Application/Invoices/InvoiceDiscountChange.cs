using PaymentRecords.Application.Catalog;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <summary>One entry of a <c>discounts</c> list: a coupon to apply, or one of the object's own discounts to keep; <paramref name="Param"/> names it in errors.</summary>
public sealed record DiscountRequest(string? CouponId, string? DiscountId, string Param);

/// <summary>
/// An invoice's <c>discounts</c> set on create or on a draft's update (docs/endpoints-coupons.md): the list replaces
/// the invoice's discounts (empty: none). A coupon makes a new discount (<c>di_…</c>) and counts as redeemed; it must
/// be valid now (<c>coupon_expired</c> otherwise), an amount-off one in the invoice's currency, and not limited to
/// products (not applied yet); <c>discount</c> reuses one of the invoice's own or of its subscription ("or one of its
/// ancestors"). The
/// discounts left out are taken off it (those made for it are deleted; its subscription's stay the subscription's).
/// Lock order: the invoice (the caller's), its lines, then the coupons by id (<see cref="LockCouponsAsync"/>).
/// </summary>
public static class InvoiceDiscountChange
{
    public static async Task SetAsync(BillingContext billing, Invoice invoice, IReadOnlyList<DiscountRequest> requests)
    {
        var lines = invoice.LineCount > 0 ? await billing.Invoices.LockLinesAsync(invoice.Id) : [];
        await LockCouponsAsync(billing, requests);
        var current = invoice.Discounts();
        var applied = new List<AppliedDiscount>(requests.Count);
        var coupons = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in requests)
        {
            if (r.DiscountId is { } keep)
            {
                // "ID of an existing discount on the object (or one of its ancestors) to reuse": the invoice's, or its subscription's.
                var own = current.FirstOrDefault(d => d.Id == keep)
                    ?? (invoice.SubscriptionId is { } subscriptionId && await billing.Catalog.FindDiscountAsync(keep) is { } inherited
                        && inherited.SubscriptionId == subscriptionId ? inherited.Applied() : null)
                    ?? throw new NotFound("discount", keep, r.Param, asInvalidParameter: true);
                if (applied.Any(d => d.Id == keep)) throw new CatalogRefused(CatalogRefusal.DiscountDuplicate, r.Param, keep);
                applied.Add(own);
                continue;
            }
            var coupon = await RedeemAsync(billing, r.CouponId!, r.Param, invoice.Currency, coupons);
            var discount = Discount.Of(coupon, invoice.CustomerId, billing.Now, invoiceId: invoice.Id);
            billing.Catalog.Add(discount);
            applied.Add(discount.Applied());
        }
        await billing.Catalog.RemoveInvoiceDiscountsAsync(invoice.Id, current.Select(d => d.Id).Except(applied.Select(d => d.Id)).ToList());
        invoice.SetDiscounts(applied, lines);
    }

    /// <summary>
    /// The coupons a list names, locked in id order before any is used: two requests naming the same coupons in another
    /// order wait for each other instead of deadlocking. (A coupon locked again later is the same tracked row.)
    /// </summary>
    public static async Task LockCouponsAsync(BillingContext billing, IReadOnlyList<DiscountRequest> requests)
    {
        foreach (var id in requests.Select(r => r.CouponId).OfType<string>().Distinct().Order(StringComparer.Ordinal))
            await billing.Catalog.LockCouponAsync(id);
    }

    /// <summary>
    /// The coupon, locked and counted as redeemed once more (a discount is being made from it); <paramref name="seen"/>
    /// refuses the same coupon twice in one list.
    /// </summary>
    public static async Task<Coupon> RedeemAsync(BillingContext billing, string couponId, string param, string currency, ISet<string> seen)
    {
        if (!seen.Add(couponId)) throw new CatalogRefused(CatalogRefusal.DiscountDuplicate, param, couponId);
        var coupon = await billing.Catalog.LockCouponAsync(couponId) ?? throw new NotFound("coupon", couponId, param);
        if (!coupon.ValidAt(billing.Now)) throw new CatalogRefused(CatalogRefusal.CouponExpired, param, coupon.Id);
        if (coupon.AppliesToProducts is not null) throw new CatalogRefused(CatalogRefusal.CouponLimitedToProducts, param, coupon.Id);
        if (coupon.Currency is { } couponCurrency && couponCurrency != currency)
            throw new CatalogRefused(CatalogRefusal.CouponCurrencyMismatch, param, coupon.Id, currency);
        coupon.Redeem();
        return coupon;
    }
}
