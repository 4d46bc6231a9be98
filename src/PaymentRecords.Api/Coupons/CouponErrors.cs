using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Coupons;

/// <summary>
/// The coupon errors, each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>. Stripe does not
/// publish these texts: they are the ones another emulator recorded from live Stripe (docs/endpoints-coupons.md), so
/// they are marked inferred.
/// </summary>
public static class CouponErrors
{
    public static readonly ErrorRowSet Rows = new();

    private static readonly ErrorRow DiscountMissingRow = Rows.Add(new("coupon_discount_missing", 400, ErrorCatalog.InvalidRequest, "parameter_missing",
        "Must provide percent_off or amount_off.", Wording.Inferred, IsParameterError: true));
    public static StripeError DiscountMissing() => DiscountMissingRow.Make(null);

    private static readonly ErrorRow DiscountBothRow = Rows.Add(new("coupon_discount_both", 400, ErrorCatalog.InvalidRequest, null,
        "Received both percent_off and amount_off parameters. Please pass in only one.", Wording.Inferred, IsParameterError: true));
    public static StripeError DiscountBoth() => DiscountBothRow.Make(null);

    private static readonly ErrorRow CurrencyMissingRow = Rows.Add(new("coupon_currency_missing", 400, ErrorCatalog.InvalidRequest, null,
        "You must pass currency when passing amount_off", Wording.Inferred, IsParameterError: true));
    public static StripeError CurrencyMissing() => CurrencyMissingRow.Make("currency");

    private static readonly ErrorRow DurationInMonthsMissingRow = Rows.Add(new("coupon_duration_in_months_missing", 400, ErrorCatalog.InvalidRequest, null,
        "The duration_in_months param must be set when creating a coupon with a repeating duration", Wording.Inferred, IsParameterError: true));
    public static StripeError DurationInMonthsMissing() => DurationInMonthsMissingRow.Make("duration");

    private static readonly ErrorRow PercentTooSmallRow = Rows.Add(new("coupon_percent_off_too_small", 400, ErrorCatalog.InvalidRequest, null,
        "This value must be greater than or equal to 0.01 (it currently is '{0}').", Wording.Inferred, IsParameterError: true));
    public static StripeError PercentTooSmall(string current) => PercentTooSmallRow.Make("percent_off", current);

    private static readonly ErrorRow PercentTooLargeRow = Rows.Add(new("coupon_percent_off_too_large", 400, ErrorCatalog.InvalidRequest, null,
        "This value must be less than or equal to 100 (it currently is '{0}').", Wording.Inferred, IsParameterError: true));
    public static StripeError PercentTooLarge(string current) => PercentTooLargeRow.Make("percent_off", current);

    private static readonly ErrorRow NotPositiveRow = Rows.Add(new("coupon_value_not_positive", 400, ErrorCatalog.InvalidRequest, null,
        "This value must be greater than or equal to 1.", Wording.Inferred, IsParameterError: true));
    /// <summary><c>max_redemptions</c> or <c>duration_in_months</c> below 1 ("a positive integer").</summary>
    public static StripeError NotPositive(string param) => NotPositiveRow.Make(param);

    private static readonly ErrorRow RedeemByPastRow = Rows.Add(new("coupon_redeem_by_past", 400, ErrorCatalog.InvalidRequest, null,
        "The parameter `redeem_by` expects a unix timestamp representing a date and time in the future. You specified the value `{0}` which is in the past.", Wording.Inferred));
    public static StripeError RedeemByPast(long value) => RedeemByPastRow.Make("redeem_by", value);

    private static readonly ErrorRow ExpiredRow = Rows.Add(new("coupon_expired", 400, ErrorCatalog.InvalidRequest, "coupon_expired",
        "Coupon expired: {0}", Wording.Inferred));
    /// <summary>Stripe's code: "The coupon provided for a subscription or order has expired."</summary>
    public static StripeError Expired(string couponId, string param) => ExpiredRow.Make(param, couponId);

    private static readonly ErrorRow CurrencyMismatchRow = Rows.Add(new("coupon_currency_mismatch", 400, ErrorCatalog.InvalidRequest, null,
        "The currency of the coupon {0} does not match the currency {1} of what it would discount.", Wording.Inferred));
    public static StripeError CurrencyMismatch(string couponId, string currency, string param) => CurrencyMismatchRow.Make(param, couponId, currency);

    private static readonly ErrorRow DuplicateRow = Rows.Add(new("discount_duplicate", 400, ErrorCatalog.InvalidRequest, null,
        "The discount {0} was given more than once: each coupon or discount can be applied once.", Wording.Inferred));
    public static StripeError Duplicate(string id, string param) => DuplicateRow.Make(param, id);

    private static readonly ErrorRow NoDiscountRow = Rows.Add(new("subscription_no_discount", 400, ErrorCatalog.InvalidRequest, null,
        "The subscription {0} has no discount to remove.", Wording.Inferred));
    public static StripeError NoDiscount(string subscriptionId) => NoDiscountRow.Make(null, subscriptionId);

    /// <summary>Stripe's error for a refused application of a coupon (null: not one of these).</summary>
    public static StripeError? Refusal(Exception e) => e switch
    {
        Application.Catalog.CatalogRefused { Reason: Application.Catalog.CatalogRefusal.CouponExpired } r => Expired(r.Id!, r.Param!),
        Application.Catalog.CatalogRefused { Reason: Application.Catalog.CatalogRefusal.CouponCurrencyMismatch } r =>
            CurrencyMismatch(r.Id!, r.Other!, r.Param!),
        Application.Catalog.CatalogRefused { Reason: Application.Catalog.CatalogRefusal.CouponLimitedToProducts } r =>
            ErrorCatalog.NotSupported(r.Param!, "a coupon limited to products (applies_to) is not applied yet."),
        Application.Catalog.CatalogRefused { Reason: Application.Catalog.CatalogRefusal.DiscountDuplicate } r => Duplicate(r.Id!, r.Param!),
        Application.Catalog.CatalogRefused { Reason: Application.Catalog.CatalogRefusal.NoDiscount } r => NoDiscount(r.Id!),
        _ => null,
    };

    private static readonly ErrorRow IdInUseRow = Rows.Add(new("coupon_id_in_use", 400, ErrorCatalog.InvalidRequest, "resource_already_exists",
        "Coupon already exists.", Wording.Inferred));
    public static StripeError IdInUse() => IdInUseRow.Make(null);
}
