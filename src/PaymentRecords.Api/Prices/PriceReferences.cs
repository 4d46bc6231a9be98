using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Products;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Money;

namespace PaymentRecords.Api.Prices;

/// <summary>
/// Where invoice items and add_lines name the catalog: <c>pricing[price]</c> (clover's shape) and
/// <c>price_data[product]</c>. The line then carries <c>pricing.price_details {price, product}</c>.
/// </summary>
public static class PriceReferences
{
    public const string PriceDetailsKey = "price_details";

    /// <summary>
    /// The price <c>pricing[price]</c> names (null when not given): unknown → 404, archived → Stripe's "only accepts
    /// active prices". <paramref name="prefix"/> names the parameters in errors (<c>lines[0]</c>).
    /// </summary>
    public static async Task<Price?> PricingPriceAsync(RequestScope s, StripeParams p, string prefix = "")
    {
        var param = prefix.Length == 0 ? "pricing[price]" : $"{prefix}[pricing][price]";
        if (p.Nested("pricing")?.String("price") is not { Length: > 0 } id) return null;
        var price = await PricesApi.All(s).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id)
            ?? throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.Price, id, param));
        if (!price.Active) throw new StripeException(ErrorCatalog.PriceNotForSale(price.Id, param));
        if (p.Has("amount") || p.Has("unit_amount_decimal") || p.Has("price_data"))
            throw new StripeException(ErrorCatalog.Exclusive(param, prefix.Length == 0 ? "amount" : $"{prefix}[amount]"));
        return price;
    }

    /// <summary><c>price_data[product]</c> must name a live product (404 otherwise); returns it, or null when not given.</summary>
    public static async Task<string?> PriceDataProductAsync(RequestScope s, StripeParams p, string prefix = "")
    {
        var param = prefix.Length == 0 ? "price_data[product]" : $"{prefix}[price_data][product]";
        if (p.Nested("price_data")?.String("product") is not { Length: > 0 } id) return null;
        if (!await ProductsApi.Scope(s).AnyAsync(x => x.Id == id)) throw new StripeException(NotHeldObjects.Missing(NotHeldObjects.Product, id, param));
        return id;
    }

    /// <summary>The item's amount from the price: its unit amount × quantity (1 when not given), within Stripe's limit.</summary>
    public static void Apply(InvoiceItem item, Price price, long? quantity, string param)
    {
        var q = quantity ?? 1;
        if (q < 0) throw new StripeException(ErrorCatalog.ValueNegative(param.Replace("[pricing][price]", "[quantity]").Replace("pricing[price]", "quantity")));
        long amount;
        try
        {
            amount = LineAmounts.Amount(price.EffectiveUnitAmount, q);
        }
        catch (OverflowException)
        {
            throw new StripeException(ErrorCatalog.AmountOutOfRange(param));
        }
        if (amount is > Currencies.MaxAmount or < -Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountOutOfRange(param));
        item.SetUnitAmount(price.EffectiveUnitAmount, q);
        SetDetails(item, price.Id, price.ProductId);
    }

    /// <summary>Records the price and product the line is for (rendered as <c>pricing.price_details</c>).</summary>
    public static void SetDetails(InvoiceItem item, string priceId, string productId) =>
        item.Attributes[PriceDetailsKey] = new JsonObject { ["price"] = priceId, ["product"] = productId };
}
