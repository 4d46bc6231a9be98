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
/// </summary>
public static class SubscriptionInlinePrices
{
    /// <summary>
    /// Replaces <c>price_data</c> in each entry of <paramref name="entries"/> (<c>{name}[i]</c>) by the <c>price</c> it
    /// makes (<paramref name="recurring"/>: an item's, with <c>recurring</c>; else an <c>add_invoice_items</c> one-time
    /// price); returns the indexes whose price is such an inline one.
    /// </summary>
    public static async Task<HashSet<int>> MakeEachAsync(RequestScope s, JsonArray? entries, string name, bool recurring = true)
    {
        var inline = new HashSet<int>();
        for (var i = 0; entries is not null && i < entries.Count; i++)
            if (entries[i] is JsonObject entry && await MakeAsync(s, entry, $"{name}[{i}]", recurring))
                inline.Add(i);
        return inline;
    }

    /// <summary>The same for one object's own <c>price_data</c> (<paramref name="prefix"/> "" for top-level parameters); whether it made one.</summary>
    public static async Task<bool> MakeAsync(RequestScope s, JsonObject values, string prefix, bool recurring = true)
    {
        if (!values.ContainsKey("price_data")) return false;
        string Name(string key) => prefix.Length == 0 ? key : $"{prefix}[{key}]";
        if (values.ContainsKey("price")) throw new StripeException(ErrorCatalog.Exclusive(Name("price"), Name("price_data")));
        var line = new StripeParams(values);
        if (line.Nested("price_data") is not { } data) throw new StripeException(ErrorCatalog.InvalidHash(Name("price_data")));
        if (!data.Has("product")) throw new StripeException(ErrorCatalog.MissingParameter($"{Name("price_data")}[product]"));
        if (recurring && data.Nested("recurring") is null) throw new StripeException(ErrorCatalog.MissingParameter($"{Name("price_data")}[recurring]"));
        var product = await PriceReferences.PriceDataProductAsync(s, line, prefix);
        var (price, _) = await PriceReferences.MakeInlineAsync(s, data, product, prefix);
        values.Remove("price_data");
        values["price"] = price.Id;
        return true;
    }
}
