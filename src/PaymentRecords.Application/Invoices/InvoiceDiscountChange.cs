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
/// ancestors"). The discounts left out are taken off it (those made for it are deleted; its subscription's stay the
/// subscription's).
/// Lock order: the invoice (the caller's), its lines, then the coupons by id (<see cref="ResolveAsync"/>).
/// </summary>
public static class InvoiceDiscountChange
{
    public static async Task SetAsync(BillingContext billing, Invoice invoice, IReadOnlyList<DiscountRequest> requests)
    {
        var lines = invoice.LineCount > 0 ? await billing.Invoices.LockLinesAsync(invoice.Id) : [];
        var current = invoice.Discounts();
        var applied = await ResolveAsync(billing, requests, invoice.Currency, redeem: true,
            reuse: (id, param) => ReusableAsync(billing, invoice, current, id, param),
            make: coupon =>
            {
                var discount = Discount.Of(coupon, invoice.CustomerId, billing.Now, invoiceId: invoice.Id);
                billing.Catalog.Add(discount);
                return discount.Applied();
            },
            idOf: d => d.Id);
        await billing.Catalog.RemoveInvoiceDiscountsAsync(invoice.Id, current.Select(d => d.Id).Except(applied.Select(d => d.Id)).ToList());
        invoice.SetDiscounts(applied, lines);
    }

    /// <summary>
    /// <c>create_preview</c>'s <c>discounts</c> on the preview's draft (all its <paramref name="lines"/> in hand): what
    /// the discounts would take, checked as an application is, but nothing is redeemed or stored (a preview's coupon is
    /// a discount of an id made for it). An empty list previews without the discounts it would inherit.
    /// </summary>
    public static async Task PreviewAsync(BillingContext billing, Invoice invoice, IReadOnlyList<InvoiceItem> lines, IReadOnlyList<DiscountRequest> requests)
    {
        var current = invoice.Discounts();
        var applied = await ResolveAsync(billing, requests, invoice.Currency, redeem: false,
            reuse: (id, param) => ReusableAsync(billing, invoice, current, id, param),
            make: coupon => new AppliedDiscount(Domain.Common.Ids.New(Domain.Common.Ids.Discount), coupon.PercentOff, coupon.AmountOff),
            idOf: d => d.Id);
        invoice.SetDiscounts(applied, lines);
    }

    /// <summary>
    /// A <c>discounts</c> list walked in order, the one rule set every object's list follows: an entry naming a discount
    /// reuses it (<paramref name="reuse"/>: 404 unless the object, or an ancestor, has it); one naming a coupon makes a
    /// discount (<paramref name="make"/>) from the coupon, locked and usable now in <paramref name="currency"/>
    /// (<c>coupon_expired</c>, another currency, limited to products: refused) and, with <paramref name="redeem"/>,
    /// counted as redeemed. The same coupon or discount twice is refused. The coupons are locked in id order first:
    /// two requests naming them in another order wait for each other instead of deadlocking.
    /// </summary>
    public static async Task<List<T>> ResolveAsync<T>(BillingContext billing, IReadOnlyList<DiscountRequest> requests, string currency, bool redeem,
        Func<string, string, Task<T>> reuse, Func<Coupon, T> make, Func<T, string> idOf)
    {
        foreach (var id in requests.Select(r => r.CouponId).OfType<string>().Distinct().Order(StringComparer.Ordinal))
            await billing.Catalog.LockCouponAsync(id);
        var result = new List<T>(requests.Count);
        var coupons = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in requests)
        {
            if (r.DiscountId is { } keep)
            {
                var own = await reuse(keep, r.Param);
                if (result.Any(d => idOf(d) == keep)) throw new CatalogRefused(CatalogRefusal.DiscountDuplicate, r.Param, keep);
                result.Add(own);
                continue;
            }
            if (!coupons.Add(r.CouponId!)) throw new CatalogRefused(CatalogRefusal.DiscountDuplicate, r.Param, r.CouponId);
            var coupon = await billing.Catalog.LockCouponAsync(r.CouponId!) ?? throw new NotFound("coupon", r.CouponId!, r.Param);
            if (!coupon.ValidAt(billing.Now)) throw new CatalogRefused(CatalogRefusal.CouponExpired, r.Param, coupon.Id);
            if (coupon.AppliesToProducts is not null) throw new CatalogRefused(CatalogRefusal.CouponLimitedToProducts, r.Param, coupon.Id);
            if (coupon.Currency is { } couponCurrency && couponCurrency != currency)
                throw new CatalogRefused(CatalogRefusal.CouponCurrencyMismatch, r.Param, coupon.Id, currency);
            if (redeem) coupon.Redeem();
            result.Add(make(coupon));
        }
        return result;
    }

    /// <summary>
    /// "ID of an existing discount on the object (or one of its ancestors) to reuse": the invoice's, or one its
    /// subscription holds now and that has not ended by the invoice's date (locked after the invoice: the lock order).
    /// </summary>
    private static async Task<AppliedDiscount> ReusableAsync(BillingContext billing, Invoice invoice, IReadOnlyList<AppliedDiscount> current, string id, string param) =>
        current.FirstOrDefault(d => d.Id == id)
        ?? (invoice.SubscriptionId is { } subscriptionId && await billing.Subscriptions.LockAsync(subscriptionId) is { } subscription
            && subscription.Discounts().FirstOrDefault(d => d.Id == id && (d.End is not { } end || invoice.Created < end)) is { } held
                ? held.Applied() : null)
        ?? throw new NotFound("discount", id, param, asInvalidParameter: true);
}
