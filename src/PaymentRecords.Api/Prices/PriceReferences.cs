using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Products;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application;
using PaymentRecords.Application.Catalog;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Money;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Prices;

/// <summary>
/// Where invoice items and add_lines name the catalog: <c>pricing[price]</c> (clover's shape) and
/// <c>price_data</c> (an inline price of <c>price_data[product]</c>, or of a product made from
/// <c>price_data[product_data]</c> on add_lines). The line then carries <c>pricing.price_details {price, product}</c>.
/// </summary>
public static class PriceReferences
{
    /// <summary>
    /// The price <c>pricing[price]</c> names (null when not given): unknown → 404, archived → Stripe's "only accepts
    /// active prices". <paramref name="prefix"/> names the parameters in errors (<c>lines[0]</c>).
    /// </summary>
    public static async Task<Price?> PricingPriceAsync(RequestScope s, StripeParams p, string prefix = "")
    {
        var param = prefix.Length == 0 ? "pricing[price]" : $"{prefix}[pricing][price]";
        if (p.Nested("pricing")?.String("price") is not { Length: > 0 } id) return null;
        var price = await new EfCatalogStore(s.Db, s.AccountId).FindPriceAsync(id)
            ?? throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.Price, id, param));
        if (!price.Active) throw new StripeException(CatalogErrors.PriceNotForSale(price.Id, param));
        if (price.Tiers is not null) throw new StripeException(ErrorCatalog.NotSupported(param, "tiered prices bill subscription items only here."));
        if (p.Has("amount") || p.Has("unit_amount_decimal") || p.Has("price_data"))
            throw new StripeException(ErrorCatalog.Exclusive(param, prefix.Length == 0 ? "amount" : $"{prefix}[amount]"));
        return price;
    }

    /// <summary>
    /// Checks <c>price_data</c>'s product: <c>price_data[product]</c> must name a live product (404 otherwise; locked FOR
    /// SHARE like any new price's), or, where the spec has it (add_lines), <c>price_data[product_data]</c> describes a new
    /// one. Returns the named product; null when price_data is absent or gives product_data.
    /// </summary>
    public static async Task<Product?> PriceDataProductAsync(RequestScope s, StripeParams p, string prefix = "")
    {
        if (p.Nested("price_data") is not { } data) return null;
        var name = PriceDataName(prefix);
        if (data.Has("product") && data.Has("product_data"))
            throw new StripeException(ErrorCatalog.Exclusive($"{name}[product]", $"{name}[product_data]"));
        if (data.String("product") is { Length: > 0 } id)
            return await new EfCatalogStore(s.Db, s.AccountId).ShareLiveProductAsync(id)
                ?? throw new StripeException(ErrorCatalog.NoSuch("product", id, $"{name}[product]"));
        if (data.Nested("product_data") is not null) return null;
        throw new StripeException(ErrorCatalog.MissingParameter($"{name}[product]"));
    }

    /// <summary>"price_data", or "lines[0][price_data]" under a prefix.</summary>
    public static string PriceDataName(string prefix) => prefix.Length == 0 ? "price_data" : $"{prefix}[price_data]";

    /// <summary>
    /// <c>price_data[currency]</c>, normalized ("USD" → "usd"); 400 when Stripe does not support it. The spec requires it.
    /// </summary>
    public static string PriceDataCurrency(StripeParams data, string prefix)
    {
        var name = $"{PriceDataName(prefix)}[currency]";
        var raw = data.String("currency") ?? throw new StripeException(ErrorCatalog.MissingParameter(name));
        return BillingParams.SupportedCurrency(raw, name);
    }

    /// <summary>
    /// The inline price <c>price_data</c> makes (<see cref="Price.Inline"/>: archived, not listed, no <c>price.created</c>)
    /// of <paramref name="product"/>, or of a product made from <c>price_data[product_data]</c> (with its
    /// <c>product.created</c>); recorded as the item's <c>pricing.price_details</c>.
    /// </summary>
    public static async Task<Price> InlinePriceAsync(RequestScope s, InvoiceItem item, StripeParams data, Product? product, string prefix = "")
    {
        var (price, owner) = await MakeInlineAsync(s, data, product, prefix);
        InvoiceItemChanges.SetDetails(item, price.Id, owner.Id);
        return price;
    }

    /// <summary>The inline price <c>price_data</c> makes (as <see cref="InlinePriceAsync"/>), and its product.</summary>
    public static async Task<(Price Price, Product Product)> MakeInlineAsync(RequestScope s, StripeParams data, Product? product, string prefix = "")
    {
        var name = PriceDataName(prefix);
        var command = PricesApi.NewPrice(data, name, inline: true);
        return await new RequestBilling(s).RunAsync(b => product is not null
            ? AddToAsync(b, product, command)
            : new CreatePrice(b).RunAsync(new PriceProduct(null, $"{name}[product_data]", ProductsApi.NewProduct(data.Nested("product_data")!, $"{name}[product_data]")), command),
            ProductsApi.Refusals);
    }

    /// <summary>A price of a product the caller already locked FOR SHARE (no second lock).</summary>
    private static async Task<(Price, Product)> AddToAsync(BillingContext billing, Product product, NewPrice command) =>
        (await new CreatePrice(billing).AddAsync(product, command), product);
}
