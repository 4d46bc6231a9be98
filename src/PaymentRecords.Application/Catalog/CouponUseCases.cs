using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Application.Catalog;

/// <summary>
/// POST /v1/coupons as decoded and checked (Api/Coupons/CouponsApi.cs): exactly one of <paramref name="PercentOff"/> and
/// <paramref name="AmountOff"/> (with <paramref name="Currency"/>); <paramref name="DurationInMonths"/> exactly when
/// <paramref name="Duration"/> is <c>repeating</c>.
/// </summary>
public sealed record NewCoupon(
    string? Id, decimal? PercentOff, long? AmountOff, string? Currency, string Duration, int? DurationInMonths,
    long? MaxRedemptions, long? RedeemBy, IReadOnlyList<string>? AppliesToProducts, string? Name, MetadataChange? Metadata);

/// <summary>
/// POST /v1/coupons: a given id must be free (<see cref="CatalogRefusal.CouponIdInUse"/>, also when a concurrent
/// create takes it first: the table's key); each <c>applies_to[products]</c> entry must be a live product of the account
/// (404 naming it). Events: <c>coupon.created</c>.
/// </summary>
public sealed class CreateCoupon(BillingContext billing)
{
    public async Task<Coupon> RunAsync(NewCoupon c)
    {
        var catalog = billing.Catalog;
        if (c.Id is { Length: > 0 } id && await catalog.LockCouponAsync(id) is not null)
            throw new CatalogRefused(CatalogRefusal.CouponIdInUse, "id");
        if (c.AppliesToProducts is { } products)
            for (var i = 0; i < products.Count; i++)
                if (await catalog.ShareLiveProductAsync(products[i]) is null)
                    throw new NotFound("product", products[i], $"applies_to[products][{i}]", asInvalidParameter: true);
        var coupon = new Coupon
        {
            AccountId = billing.AccountId,
            Id = c.Id is { Length: > 0 } given ? given : Coupon.NewId(),
            Created = billing.Now,
            PercentOff = c.PercentOff,
            AmountOff = c.AmountOff,
            Currency = c.Currency,
            Duration = c.Duration,
            DurationInMonths = c.DurationInMonths,
            MaxRedemptions = c.MaxRedemptions,
            RedeemBy = c.RedeemBy,
            AppliesToProducts = c.AppliesToProducts?.Distinct().ToList(),
            Name = c.Name,
        };
        if (c.Metadata is { } metadata) coupon.Metadata = metadata.ApplyTo(coupon.Metadata);
        catalog.Add(coupon);
        await billing.Events.CouponAsync(BillingOutcome.CouponCreated, coupon);
        return coupon;
    }
}

/// <summary>
/// POST /v1/coupons/{coupon}: <c>name</c> and <c>metadata</c> (the terms are fixed). 404 on <c>coupon</c>.
/// Events: <c>coupon.updated</c> when its rendering changed.
/// </summary>
public sealed class UpdateCoupon(BillingContext billing)
{
    public async Task<Coupon> RunAsync(string couponId, FieldChange<string>? name, MetadataChange? metadata)
    {
        var coupon = await billing.Catalog.LockCouponAsync(couponId) ?? throw new NotFound("coupon", couponId, "coupon");
        var watch = billing.Events.WatchCoupon(coupon);
        if (name is { } n) coupon.Name = n.Value;
        if (metadata is { } m) coupon.Metadata = m.ApplyTo(coupon.Metadata);
        if (watch.Changed) watch.EmitIfChanged();
        return coupon;
    }
}

/// <summary>
/// DELETE /v1/coupons/{coupon}: the coupon goes ("deleting a coupon does not affect any customers who have already
/// applied the coupon; it means that new customers can't redeem the coupon"); its id is free again. 404 on
/// <c>coupon</c>. Events: <c>coupon.deleted</c> (rendered as it was).
/// </summary>
public sealed class DeleteCoupon(BillingContext billing)
{
    public async Task<Coupon> RunAsync(string couponId)
    {
        var coupon = await billing.Catalog.LockCouponAsync(couponId) ?? throw new NotFound("coupon", couponId, "coupon");
        coupon.Delete();
        billing.Catalog.Remove(coupon);
        await billing.Events.CouponAsync(BillingOutcome.CouponDeleted, coupon);
        return coupon;
    }
}
