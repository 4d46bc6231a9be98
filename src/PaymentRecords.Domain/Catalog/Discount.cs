using PaymentRecords.Domain.Common;

namespace PaymentRecords.Domain.Catalog;

/// <summary>
/// A discount (<c>di_…</c>, <c>object: "discount"</c>): one application of a coupon, to an invoice
/// (<see cref="InvoiceId"/>) or a subscription (<see cref="SubscriptionId"/>). It keeps the coupon's terms as they
/// were when applied, so a coupon deleted later ("deleting a coupon does not affect any customers who have already
/// applied the coupon") still discounts what it was applied to. Its row goes when it is removed.
/// </summary>
public sealed class Discount : IAccountScoped
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public long Seq { get; set; }
    public required string CouponId { get; init; }
    public required string CustomerId { get; init; }
    public string? InvoiceId { get; init; }
    public string? SubscriptionId { get; init; }
    /// <summary>"Date that the coupon was applied."</summary>
    public long Start { get; init; }
    public long Created => Start;
    /// <summary>A repeating coupon's: <see cref="Start"/> plus its months; null for once and forever.</summary>
    public long? End { get; init; }
    public decimal? PercentOff { get; init; }
    public long? AmountOff { get; init; }
    public string? Currency { get; init; }
    public string Duration { get; init; } = Coupon.Once;

    public static Discount Of(Coupon coupon, string customerId, long start, string? invoiceId = null, string? subscriptionId = null, long? end = null) => new()
    {
        AccountId = coupon.AccountId,
        Id = Ids.New(Ids.Discount),
        CouponId = coupon.Id,
        CustomerId = customerId,
        InvoiceId = invoiceId,
        SubscriptionId = subscriptionId,
        Start = start,
        End = end,
        PercentOff = coupon.PercentOff,
        AmountOff = coupon.AmountOff,
        Currency = coupon.Currency,
        Duration = coupon.Duration,
    };

    public Invoices.AppliedDiscount Applied() => new(Id, PercentOff, AmountOff);
}
