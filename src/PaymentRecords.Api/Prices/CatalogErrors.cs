using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Prices;

/// <summary>The product and price errors (catalog writes, and a price named by an invoice line), each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>.</summary>
public static class CatalogErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    private static readonly ErrorRow TiersNeedTieredRow = Rows.Add(new("price_tiers_need_tiered", 400, ErrorCatalog.InvalidRequest, null,
        "{0} can only be used with billing_scheme=tiered.", Wording.Inferred, IsParameterError: true));
    /// <summary>tiers or tiers_mode on a per_unit price ("This parameter requires billing_scheme to be set to tiered").</summary>
    public static StripeError TiersNeedTiered(string param) => TiersNeedTieredRow.Make(param, param);

    private static readonly ErrorRow TieredUnitAmountRow = Rows.Add(new("price_tiered_unit_amount", 400, ErrorCatalog.InvalidRequest, null,
        "{0} cannot be used with billing_scheme=tiered: each tier has its own amounts in tiers.", Wording.Inferred, IsParameterError: true));
    public static StripeError TieredUnitAmount(string param) => TieredUnitAmountRow.Make(param, param);

    private static readonly ErrorRow TiersOrderRow = Rows.Add(new("price_tiers_order", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid {0}: each tier's up_to must be greater than the one before, and only the last tier's may be inf.", Wording.Inferred, IsParameterError: true));
    public static StripeError TiersOrder(string param) => TiersOrderRow.Make(param, param);

    private static readonly ErrorRow TiersLastInfRow = Rows.Add(new("price_tiers_last_inf", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid {0}: the last tier's up_to must be inf.", Wording.Inferred, IsParameterError: true));
    public static StripeError TiersLastInf(string param) => TiersLastInfRow.Make(param, param);

    private static readonly ErrorRow TransformWithTiersRow = Rows.Add(new("price_transform_with_tiers", 400, ErrorCatalog.InvalidRequest, null,
        "transform_quantity cannot be combined with billing_scheme=tiered.", Wording.Inferred, IsParameterError: true));
    /// <summary>"Quantity transformation isn't compatible with tiered pricing."</summary>
    public static StripeError TransformWithTiers() => TransformWithTiersRow.Make("transform_quantity");

    private static readonly ErrorRow ProductHasPricesRow = Rows.Add(new("product_has_prices", 400, ErrorCatalog.InvalidRequest, null,
        "This product cannot be deleted because it has one or more user-created prices.", Wording.Stripe));
    public static StripeError ProductHasPrices() => ProductHasPricesRow.Make(null);

    private static readonly ErrorRow ProductIdInUseRow = Rows.Add(new("product_id_in_use", 400, ErrorCatalog.InvalidRequest, "resource_already_exists",
        "Product already exists.", Wording.Inferred));
    public static StripeError ProductIdInUse(string param) => ProductIdInUseRow.Make(param);

    private static readonly ErrorRow DefaultPriceOtherProductRow = Rows.Add(new("default_price_other_product", 400, ErrorCatalog.InvalidRequest, null,
        "The price specified ({0}) does not belong to this product. Only a price of product {1} can be its default_price.", Wording.Inferred));
    public static StripeError DefaultPriceOtherProduct(string priceId, string productId, string param) => DefaultPriceOtherProductRow.Make(param, priceId, productId);

    private static readonly ErrorRow DefaultPriceInactiveRow = Rows.Add(new("default_price_inactive", 400, ErrorCatalog.InvalidRequest, null,
        "The price specified ({0}) is archived (active=false). An archived price cannot be a product's default_price.", Wording.Inferred));
    public static StripeError DefaultPriceInactive(string priceId, string param) => DefaultPriceInactiveRow.Make(param, priceId);

    private static readonly ErrorRow PriceProductMissingRow = Rows.Add(new("price_product_missing", 400, ErrorCatalog.InvalidRequest, null,
        "You must specify either `product` or `product_data` when creating a price.", Wording.Stripe, IsParameterError: true));
    public static StripeError PriceProductMissing() => PriceProductMissingRow.Make(null);

    private static readonly ErrorRow PriceAmountMissingRow = Rows.Add(new("price_amount_missing", 400, ErrorCatalog.InvalidRequest, null,
        "Prices require an `unit_amount` or `unit_amount_decimal` parameter to be set.", Wording.Stripe, IsParameterError: true));
    public static StripeError PriceAmountMissing() => PriceAmountMissingRow.Make(null);

    private static readonly ErrorRow PriceLookupKeyInUseRow = Rows.Add(new("price_lookup_key_in_use", 400, ErrorCatalog.InvalidRequest, null,
        "A price (`{0}`) already uses that lookup key.", Wording.Stripe));
    public static StripeError PriceLookupKeyInUse(string priceId) => PriceLookupKeyInUseRow.Make("lookup_key", priceId);

    private static readonly ErrorRow PriceLookupKeyTakenRow = Rows.Add(new("price_lookup_key_taken", 400, ErrorCatalog.InvalidRequest, null,
        "Another price already uses that lookup key.", Wording.Inferred));
    public static StripeError PriceLookupKeyTaken() => PriceLookupKeyTakenRow.Make("lookup_key");

    private static readonly ErrorRow PriceIntervalTooLongRow = Rows.Add(new("price_interval_too_long", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid recurring[interval_count]: the maximum billing interval is one year (1 year, 12 months, 52 weeks or 365 days).", Wording.Inferred, IsParameterError: true));
    public static StripeError PriceIntervalTooLong(string param) => PriceIntervalTooLongRow.Make(param);

    private static readonly ErrorRow PriceTaxBehaviorFixedRow = Rows.Add(new("price_tax_behavior_fixed", 400, ErrorCatalog.InvalidRequest, null,
        "The tax_behavior of price {0} is already {1}; it can only be set while it is unspecified.", Wording.Inferred));
    public static StripeError PriceTaxBehaviorFixed(string priceId, string current) => PriceTaxBehaviorFixedRow.Make("tax_behavior", priceId, current);

    private static readonly ErrorRow PriceNotForSaleRow = Rows.Add(new("price_not_for_sale", 400, ErrorCatalog.InvalidRequest, null,
        "The price specified ({0}) is inactive. This field only accepts active prices.", Wording.Inferred));
    public static StripeError PriceNotForSale(string priceId, string param) => PriceNotForSaleRow.Make(param, priceId);

    private static readonly ErrorRow PriceCurrencyMismatchInvoiceRow = Rows.Add(new("price_currency_mismatch_invoice", 400, ErrorCatalog.InvalidRequest, null,
        "The currency of the price ({0}) must match the currency of invoice {1} ({2}).", Wording.Inferred));
    public static StripeError PriceCurrencyMismatchInvoice(string priceCurrency, string invoiceId, string invoiceCurrency, string param) => PriceCurrencyMismatchInvoiceRow.Make(param, priceCurrency, invoiceId, invoiceCurrency);

    private static readonly ErrorRow PriceCurrencyMismatchItemRow = Rows.Add(new("price_currency_mismatch_item", 400, ErrorCatalog.InvalidRequest, null,
        "The currency of the price ({0}) must match the currency of the invoice item ({1}).", Wording.Inferred));
    public static StripeError PriceCurrencyMismatchItem(string priceCurrency, string itemCurrency, string param) => PriceCurrencyMismatchItemRow.Make(param, priceCurrency, itemCurrency);
}
