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
                var own = await ReusableAsync(billing, invoice, current, keep, r.Param);
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
        var coupon = await UsableCouponAsync(billing, couponId, param, currency, seen);
        coupon.Redeem();
        return coupon;
    }

    /// <summary>The coupon, locked, checked as one that could be applied now to an amount in <paramref name="currency"/>.</summary>
    private static async Task<Coupon> UsableCouponAsync(BillingContext billing, string couponId, string param, string currency, ISet<string> seen)
    {
        if (!seen.Add(couponId)) throw new CatalogRefused(CatalogRefusal.DiscountDuplicate, param, couponId);
        var coupon = await billing.Catalog.LockCouponAsync(couponId) ?? throw new NotFound("coupon", couponId, param);
        if (!coupon.ValidAt(billing.Now)) throw new CatalogRefused(CatalogRefusal.CouponExpired, param, coupon.Id);
        if (coupon.AppliesToProducts is not null) throw new CatalogRefused(CatalogRefusal.CouponLimitedToProducts, param, coupon.Id);
        if (coupon.Currency is { } couponCurrency && couponCurrency != currency)
            throw new CatalogRefused(CatalogRefusal.CouponCurrencyMismatch, param, coupon.Id, currency);
        return coupon;
    }

    /// <summary>
    /// <c>create_preview</c>'s <c>discounts</c> on the preview's draft (all its <paramref name="lines"/> in hand): what
    /// the discounts would take, checked as an application is, but nothing is redeemed or stored (a preview's coupon is
    /// a discount of an id made for it). An empty list previews without the discounts it would inherit.
    /// </summary>
    public static async Task PreviewAsync(BillingContext billing, Invoice invoice, IReadOnlyList<InvoiceItem> lines, IReadOnlyList<DiscountRequest> requests)
    {
        await LockCouponsAsync(billing, requests);
        var current = invoice.Discounts();
        var applied = new List<AppliedDiscount>(requests.Count);
        var coupons = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in requests)
        {
            if (r.DiscountId is { } keep)
            {
                var own = await ReusableAsync(billing, invoice, current, keep, r.Param);
                if (applied.Any(d => d.Id == keep)) throw new CatalogRefused(CatalogRefusal.DiscountDuplicate, r.Param, keep);
                applied.Add(own);
                continue;
            }
            var coupon = await UsableCouponAsync(billing, r.CouponId!, r.Param, invoice.Currency, coupons);
            applied.Add(new AppliedDiscount(Domain.Common.Ids.New(Domain.Common.Ids.Discount), coupon.PercentOff, coupon.AmountOff));
        }
        invoice.SetDiscounts(applied, lines);
    }

    /// <summary>"ID of an existing discount on the object (or one of its ancestors) to reuse": the invoice's, or its subscription's.</summary>
    private static async Task<AppliedDiscount> ReusableAsync(BillingContext billing, Invoice invoice, IReadOnlyList<AppliedDiscount> current, string id, string param) =>
        current.FirstOrDefault(d => d.Id == id)
        ?? (invoice.SubscriptionId is { } subscriptionId && await billing.Catalog.FindDiscountAsync(id) is { } inherited
            && inherited.SubscriptionId == subscriptionId ? inherited.Applied() : null)
        ?? throw new NotFound("discount", id, param, asInvalidParameter: true);
}
