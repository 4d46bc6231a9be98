using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Subscriptions;

/// <summary>
/// A subscription item's <c>price_data</c> ("Data used to generate a new Price object inline"): the recurring inline
/// price it makes (<see cref="PriceReferences.MakeInlineAsync"/>: archived, not listed, no <c>price.created</c>) of
/// <c>price_data[product]</c>, made in the request before its use case, which then reads the item as naming that price
/// (and lets it be inactive: it is that item's own). The request is one transaction, so a refusal after leaves nothing.
/// The parameters are left as sent: a request run again (a retried transaction) makes its prices again.
/// </summary>
public static class SubscriptionInlinePrices
{
    /// <summary>
    /// The price each entry's <c>price_data</c> makes (<c>{name}[i]</c>; <paramref name="recurring"/>: an item's, with
    /// <c>recurring</c>; else an <c>add_invoice_items</c> one-time price), by the entry's index.
    /// </summary>
    public static async Task<Dictionary<int, string>> MakeEachAsync(RequestScope s, JsonArray? entries, string name, bool recurring = true)
    {
        var made = new Dictionary<int, string>();
        for (var i = 0; entries is not null && i < entries.Count; i++)
            if (entries[i] is JsonObject entry && await MakeAsync(s, entry, $"{name}[{i}]", recurring) is { } price)
                made[i] = price;
        return made;
    }

    /// <summary>The same for one object's own <c>price_data</c> (<paramref name="prefix"/> "" for top-level parameters): the price made, or null.</summary>
    public static async Task<string?> MakeAsync(RequestScope s, JsonObject values, string prefix, bool recurring = true)
    {
        if (!values.ContainsKey("price_data")) return null;
        string Name(string key) => prefix.Length == 0 ? key : $"{prefix}[{key}]";
        if (values.ContainsKey("price")) throw new StripeException(ErrorCatalog.Exclusive(Name("price"), Name("price_data")));
        var line = new StripeParams(values);
        if (line.Nested("price_data") is not { } data) throw new StripeException(ErrorCatalog.InvalidHash(Name("price_data")));
        if (!data.Has("product")) throw new StripeException(ErrorCatalog.MissingParameter($"{Name("price_data")}[product]"));
        if (recurring && data.Nested("recurring") is null) throw new StripeException(ErrorCatalog.MissingParameter($"{Name("price_data")}[recurring]"));
        var product = await PriceReferences.PriceDataProductAsync(s, line, prefix);
        var (price, _) = await PriceReferences.MakeInlineAsync(s, data, product, prefix);
        return price.Id;
    }
}
