using System.Text.Json.Nodes;
using PaymentRecords.Domain.Catalog;

namespace PaymentRecords.Application.Catalog;

/// <summary>
/// A product's descriptive fields as create, update and <c>product_data</c> give them (null: leave as is).
/// <paramref name="Attributes"/>: stored-and-echoed fields (images, marketing_features…) in the response's shape; a null value removes the key.
/// </summary>
public sealed record ProductFields(
    string? Name = null, bool? Active = null, FieldChange<string>? Description = null, FieldChange<string>? TaxCode = null,
    FieldChange<string>? UnitLabel = null, FieldChange<string>? Url = null, bool? Shippable = null, string? Type = null,
    IReadOnlyList<KeyValuePair<string, JsonNode?>>? Attributes = null, MetadataChange? Metadata = null)
{
    public void ApplyTo(Product product)
    {
        if (Name is { } name) product.Name = name;
        if (Active is { } active) product.Active = active;
        if (Description is { } description) product.Description = description.Value;
        if (TaxCode is { } taxCode) product.TaxCode = taxCode.Value;
        if (UnitLabel is { } unitLabel) product.UnitLabel = unitLabel.Value;
        if (Url is { } url) product.Url = url.Value;
        if (Shippable is { } shippable) product.Shippable = shippable;
        if (Type is { } type) product.Type = type;
        foreach (var (key, value) in Attributes ?? [])
        {
            if (value is null) product.Attributes.Remove(key);
            else product.Attributes[key] = value.DeepClone();
        }
        if (Metadata is { } metadata) product.Metadata = metadata.ApplyTo(product.Metadata);
    }
}

/// <param name="Id">A given id (create's <c>id</c>), else a new one; <paramref name="IdParam"/> names it on a collision.</param>
public sealed record NewProduct(string? Id, ProductFields Fields, string IdParam = "id");

/// <summary>
/// A recurring price's cycle: <c>recurring[interval]</c>, <c>interval_count</c>, <c>usage_type</c>, <c>trial_period_days</c>,
/// and the meter a metered price bills from (<c>recurring[meter]</c>, which <see cref="CreatePrice"/> checks).
/// </summary>
public sealed record PriceRecurrence(string Interval, long IntervalCount, string UsageType, long? TrialPeriodDays, string? MeterId = null);

/// <summary><c>lookup_key</c> (null or empty: none) and <c>transfer_lookup_key</c> (take it from the price holding it).</summary>
public sealed record LookupKeyChange(string? Key, bool Transfer);

/// <summary>
/// A new price as decoded (amounts checked). <paramref name="Inline"/>: made by an invoice item's <c>price_data</c>
/// (<see cref="Price.Inline"/>: archived, not listed, no <c>price.created</c>).
/// </summary>
public sealed record NewPrice(
    string Currency, long? UnitAmount, decimal? UnitAmountDecimal, PriceRecurrence? Recurring, bool? Active = null,
    string? Nickname = null, string? TaxBehavior = null, MetadataChange? Metadata = null, LookupKeyChange? LookupKey = null,
    bool Inline = false, Domain.Catalog.QuantityTransform? Transform = null, Domain.Catalog.PriceTiers? Tiers = null);

/// <summary>The product a new price is of: a live one (<paramref name="Id"/>, 404 on <paramref name="Param"/>), or one made with it.</summary>
public sealed record PriceProduct(string? Id, string Param, NewProduct? New = null);

/// <summary>Why a catalog write was refused (the endpoint maps it to Stripe's error, naming <see cref="CatalogRefused.Param"/>).</summary>
public enum CatalogRefusal
{
    /// <summary>A product with the given id exists (or existed).</summary>
    ProductIdInUse,
    /// <summary>Delete of a product that has user-created prices.</summary>
    ProductHasPrices,
    /// <summary><c>default_price</c> is another product's price.</summary>
    DefaultPriceOtherProduct,
    /// <summary><c>default_price</c> is archived.</summary>
    DefaultPriceInactive,
    /// <summary>The lookup key is another price's and <c>transfer_lookup_key</c> was not set.</summary>
    LookupKeyInUse,
    /// <summary>A tax behavior other than unspecified is set for good.</summary>
    TaxBehaviorFixed,
    /// <summary>A metered price's meter is deactivated.</summary>
    MeterInactive,
    /// <summary>A coupon with the given id exists.</summary>
    CouponIdInUse,
    /// <summary>The coupon is past its <c>redeem_by</c> or its <c>max_redemptions</c> (Stripe's <c>coupon_expired</c>).</summary>
    CouponExpired,
    /// <summary>An amount-off coupon in another currency than what it would discount.</summary>
    CouponCurrencyMismatch,
    /// <summary>A coupon limited to products (<c>applies_to</c>): not applied yet.</summary>
    CouponLimitedToProducts,
    /// <summary>The same coupon or discount twice in one <c>discounts</c> list.</summary>
    DiscountDuplicate,
    /// <summary>A discount removal found none to remove.</summary>
    NoDiscount,
}

/// <param name="Id">The object the refusal names (a price), when the message names one.</param>
/// <param name="Other">A second detail: the product of <c>default_price_other_product</c>, the current tax behavior.</param>
public sealed class CatalogRefused(CatalogRefusal reason, string? param, string? id = null, string? other = null) : Exception($"catalog write refused: {reason}")
{
    public CatalogRefusal Reason { get; } = reason;
    public string? Param { get; } = param;
    public string? Id { get; } = id;
    public string? Other { get; } = other;
}
