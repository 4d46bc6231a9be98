using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Products;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.Catalog;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Money;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Prices;

/// <summary>
/// /v1/prices: per_unit prices, one_time or recurring (licensed, or metered with a meter). Tiers, custom unit amounts,
/// currency_options are refused with a 400 until they are built. Prices are never deleted
/// through the API (Stripe archives them with active=false). Events price.created|updated.
/// </summary>
public static class PricesApi
{
    private const string Tag = "Prices";

    public static readonly ObjectExpansions Expansions = new("price", new Dictionary<string, string?>
    {
        ["product"] = "product",
    }, new Dictionary<string, string?> { ["tiers"] = null });

    /// <summary>Longest billing interval: one year (Stripe's limit).</summary>
    private static readonly Dictionary<string, long> MaxIntervalCount = new()
    {
        ["day"] = 365, ["week"] = 52, ["month"] = 12, ["year"] = 1,
    };

    public static IEndpointRouteBuilder MapPrices(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/prices", StripeOperations.PostPrices, "price", Create).WithTags(Tag);
        app.MapStripe("GET", "/v1/prices", StripeOperations.GetPrices, "price", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/prices/search", StripeOperations.GetPricesSearch, "price", s => Search.SearchEndpoint.RunAsync(s, new Search.SearchEndpoint.Resource<Price>(
            Persistence.Search.SearchSql.Prices, "price", "/v1/prices/search", (_, rows) => Task.FromResult(rows.Select(p => (JsonNode)PriceRenderer.Render(p))))),
            isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/prices/{price}", StripeOperations.GetPricesPrice, "price", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/prices/{price}", StripeOperations.PostPricesPrice, "price", Update).WithTags(Tag);
        return app;
    }

    private static EfCatalogStore Reads(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>
    /// <c>expand[]=tiers</c>: "This field is not included by default. To include it in the response, expand the tiers
    /// field." A per_unit price's is null.
    /// </summary>
    public static async Task<JsonNode?> IncludeTiersAsync(RequestScope s, JsonObject price) =>
        await Reads(s).FindPriceAsync(price["id"]!.GetValue<string>()) is { } found ? PriceRenderer.Tiers(found) : null;

    /// <summary>Expansion loader.</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await Reads(s).FindPriceAsync(id) is { } price ? PriceRenderer.Render(price) : null;

    /// <summary>Refuses what this server does not build yet (custom amounts, currency options, metered price_data), naming the parameter.</summary>
    public static void RefuseUnsupported(StripeParams p, string prefix = "")
    {
        string Name(string param) => prefix.Length == 0 ? Bracketed(param) : $"{prefix}[{param}]";
        foreach (var name in new[] { "custom_unit_amount", "currency_options" })
            if (p.Has(name) && !p.IsUnset(name)) throw new StripeException(ErrorCatalog.NotSupported(Name(name), "prices here have one unit_amount in one currency."));
        // Metered prices are made by POST /v1/prices only (price_data and default_price_data cannot name a meter).
        if (prefix.Length > 0 && p.Nested("recurring") is { } recurring)
        {
            if (recurring.String("usage_type") == Price.Metered)
                throw new StripeException(ErrorCatalog.NotSupported(Name("recurring][usage_type"), "metered prices are created with POST /v1/prices and recurring[meter]."));
            if (recurring.Has("meter"))
                throw new StripeException(ErrorCatalog.NotSupported(Name("recurring][meter"), "metered prices are created with POST /v1/prices and recurring[meter]."));
        }
    }

    /// <summary>
    /// The meter of a metered price (<c>recurring[meter]</c>): required with usage_type=metered (this API version bills
    /// metered prices only from meters), refused without it; the price's use case checks it is the account's and active.
    /// </summary>
    private static string? MeterOf(StripeParams recurring, string usageType)
    {
        var meterId = recurring.String("meter") is { Length: > 0 } given ? given : null;
        if (usageType != Price.Metered)
            return meterId is null ? null : throw new StripeException(Meters.MeterErrors.MeterNeedsMetered("recurring[meter]"));
        return meterId ?? throw new StripeException(Meters.MeterErrors.MeteredNeedsMeter());
    }

    /// <summary>"recurring][usage_type" (a nested name written for a prefix) as a top-level name: "recurring[usage_type]".</summary>
    private static string Bracketed(string name) =>
        name.Contains("][", StringComparison.Ordinal) ? name.Replace("][", "[", StringComparison.Ordinal) + "]" : name;

    /// <summary>
    /// A new price from create's parameters (or a product's default_price_data, or an invoice item's price_data when
    /// <paramref name="inline"/>: see <see cref="Price.Inline"/>), checked; <paramref name="prefix"/> names the parameters in errors.
    /// </summary>
    public static NewPrice NewPrice(StripeParams p, string prefix = "", bool inline = false)
    {
        string Name(string param) => prefix.Length == 0 ? Bracketed(param) : $"{prefix}[{param}]";
        RefuseUnsupported(p, prefix);
        var raw = p.String("currency")!;
        var currency = BillingParams.SupportedCurrency(raw, Name("currency"));
        if (p.Has("unit_amount") && p.Has("unit_amount_decimal"))
            throw new StripeException(ErrorCatalog.Exclusive(Name("unit_amount"), Name("unit_amount_decimal")));
        var tiers = Tiers(p);
        long? unitAmount = p.Long("unit_amount");
        decimal? unitDecimal = null;
        if (tiers is not null)
        {
            if (p.Has("unit_amount") || p.Has("unit_amount_decimal"))
                throw new StripeException(CatalogErrors.TieredUnitAmount(p.Has("unit_amount") ? "unit_amount" : "unit_amount_decimal"));
            if (p.Has("transform_quantity")) throw new StripeException(CatalogErrors.TransformWithTiers());
            if (!p.Has("recurring")) throw new StripeException(ErrorCatalog.NotSupported("billing_scheme", "tiered prices are recurring here (one-time tiered prices are not built)."));
        }
        else if (unitAmount is { } whole)
        {
            if (whole < 0) throw new StripeException(ErrorCatalog.ValueNegative(Name("unit_amount")));
            if (whole > Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountTooLarge(Name("unit_amount"), Currencies.MaxAmount));
        }
        else if (p.String("unit_amount_decimal") is { } text)
        {
            if (!LineAmounts.TryParseUnitAmount(text, out var parsed)) throw new StripeException(ErrorCatalog.InvalidNumber(Name("unit_amount_decimal"), text));
            if (parsed < 0) throw new StripeException(ErrorCatalog.ValueNegative(Name("unit_amount_decimal")));
            if (parsed > Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountTooLarge(Name("unit_amount_decimal"), Currencies.MaxAmount));
            // A whole decimal is also the integer amount, as Stripe shows it.
            if (decimal.Truncate(parsed) == parsed) unitAmount = (long)parsed;
            unitDecimal = parsed;
        }
        else
        {
            throw new StripeException(CatalogErrors.PriceAmountMissing());
        }

        PriceRecurrence? recurrence = null;
        if (p.Nested("recurring") is { } recurring)
        {
            var interval = recurring.String("interval")!;
            var intervalCount = recurring.Long("interval_count") ?? 1;
            if (intervalCount < 1) throw new StripeException(ErrorCatalog.AmountTooSmall(Name("recurring][interval_count")));
            if (intervalCount > MaxIntervalCount[interval]) throw new StripeException(CatalogErrors.PriceIntervalTooLong(Name("recurring][interval_count")));
            var trial = recurring.Long("trial_period_days");
            if (trial < 0) throw new StripeException(ErrorCatalog.ValueNegative(Name("recurring][trial_period_days")));
            var usageType = recurring.String("usage_type") ?? "licensed";
            recurrence = new PriceRecurrence(interval, intervalCount, usageType, trial, MeterOf(recurring, usageType));
        }
        return new NewPrice(currency, unitAmount, unitDecimal, recurrence, p.Bool("active"), p.String("nickname"), p.String("tax_behavior"),
            BillingParams.Metadata(p), LookupKey(p), inline, Transform(p), tiers);
    }

    /// <summary>
    /// <c>billing_scheme=tiered</c>'s <c>tiers</c> and <c>tiers_mode</c> (only POST /v1/prices takes them), checked:
    /// both required with it and refused without it; up_to increasing, the last one inf; each tier's unit and flat
    /// amount as an integer or a decimal (not both), between 0 and the amount limit. Null for a per_unit price.
    /// </summary>
    private static PriceTiers? Tiers(StripeParams p)
    {
        if (p.String("billing_scheme") != "tiered")
        {
            foreach (var name in new[] { "tiers", "tiers_mode" })
                if (p.Has(name)) throw new StripeException(CatalogErrors.TiersNeedTiered(name));
            return null;
        }
        var mode = p.String("tiers_mode") ?? throw new StripeException(ErrorCatalog.MissingParameter("tiers_mode"));
        var given = p.Array("tiers") is { Count: > 0 } array ? array : throw new StripeException(ErrorCatalog.MissingParameter("tiers"));
        var tiers = new List<PriceTier>();
        for (var i = 0; i < given.Count; i++)
        {
            var prefix = $"tiers[{i}]";
            if (given[i] is not JsonObject o) throw new StripeException(ErrorCatalog.InvalidHash(prefix));
            var tier = new StripeParams(o);
            long? upTo = tier.String("up_to") == "inf" ? null : tier.Long("up_to");
            var last = i == given.Count - 1;
            if (upTo is null && !last) throw new StripeException(CatalogErrors.TiersOrder($"{prefix}[up_to]"));
            if (upTo is not null && last) throw new StripeException(CatalogErrors.TiersLastInf($"{prefix}[up_to]"));
            if (upTo is { } bound && (bound < 1 || (tiers.Count > 0 && bound <= tiers[^1].UpTo)))
                throw new StripeException(CatalogErrors.TiersOrder($"{prefix}[up_to]"));
            tiers.Add(new PriceTier(upTo, TierAmount(tier, prefix, "unit_amount"), TierAmount(tier, prefix, "flat_amount")));
        }
        return new PriceTiers(mode, tiers);
    }

    /// <summary>A tier's <paramref name="name"/> or <c>{name}_decimal</c> (not both), in minor units; null when neither is given.</summary>
    private static decimal? TierAmount(StripeParams tier, string prefix, string name)
    {
        if (tier.Has(name) && tier.Has($"{name}_decimal"))
            throw new StripeException(ErrorCatalog.Exclusive($"{prefix}[{name}]", $"{prefix}[{name}_decimal]"));
        decimal? amount = tier.Long(name);
        var param = $"{prefix}[{name}]";
        if (amount is null && tier.String($"{name}_decimal") is { } text)
        {
            param = $"{prefix}[{name}_decimal]";
            // flat_amount_decimal "accepts a decimal value representing an integer in the minor units of the currency".
            if (!LineAmounts.TryParseUnitAmount(text, out var parsed) || (name == "flat_amount" && decimal.Truncate(parsed) != parsed))
                throw new StripeException(ErrorCatalog.InvalidNumber(param, text));
            amount = parsed;
        }
        if (amount < 0) throw new StripeException(ErrorCatalog.ValueNegative(param));
        if (amount > Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountTooLarge(param, Currencies.MaxAmount));
        return amount;
    }

    /// <summary>
    /// <c>transform_quantity</c> (only POST /v1/prices takes it; the spec gives price_data none): <c>divide_by</c> at
    /// least 1 (a division by zero or a negative number bills nothing sensible), <c>round</c> up or down.
    /// </summary>
    private static QuantityTransform? Transform(StripeParams p)
    {
        if (p.Nested("transform_quantity") is not { } transform) return null;
        var divideBy = transform.Long("divide_by")!.Value;
        if (divideBy < 1) throw new StripeException(ErrorCatalog.AmountTooSmall("transform_quantity[divide_by]"));
        return new QuantityTransform(divideBy, transform.String("round")!);
    }

    private static LookupKeyChange? LookupKey(StripeParams p)
    {
        if (!p.Has("lookup_key")) return null;
        // "This may be up to 200 characters." (Stripe's API reference for lookup_key.)
        StripeValidation.RequireMaxLength(p.String("lookup_key"), "lookup_key", 200);
        return new LookupKeyChange(p.String("lookup_key"), p.Bool("transfer_lookup_key") == true);
    }

    private static async Task<JsonObject> Create(RequestScope s)
    {
        var p = s.Params;
        var productData = p.Nested("product_data");
        if (p.Has("product") && productData is not null) throw new StripeException(ErrorCatalog.Exclusive("product", "product_data"));
        RefuseUnsupported(p);
        var of = productData is not null ? new PriceProduct(null, "product_data", ProductsApi.NewProduct(productData, "product_data"))
            : p.String("product") is { Length: > 0 } productId ? new PriceProduct(productId, "product")
            : throw new StripeException(CatalogErrors.PriceProductMissing());
        var command = NewPrice(p);
        var (price, _) = await new RequestBilling(s).RunAsync(b => new CreatePrice(b).RunAsync(of, command), ProductsApi.Refusals);
        return await s.ExpandAsync(PriceRenderer.Render(price), "price");
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("price");
        var price = await Reads(s).FindPriceAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch("price", id, "price"));
        return await s.ExpandAsync(PriceRenderer.Render(price), "price");
    }

    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var id = s.Route("price");
        if (p.Has("currency_options") && !p.IsUnset("currency_options"))
        {
            _ = await Reads(s).FindPriceAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch("price", id, "price"));
            throw new StripeException(ErrorCatalog.NotSupported("currency_options", "prices here have one unit_amount in one currency."));
        }
        var changes = new PriceChanges(p.Bool("active"), p.Has("nickname") ? new FieldChange<string>(p.String("nickname")) : null,
            p.String("tax_behavior"), BillingParams.Metadata(p), LookupKey(p));
        var price = await new RequestBilling(s).RunAsync(b => new UpdatePrice(b).RunAsync(id, changes), ProductsApi.Refusals);
        return await s.ExpandAsync(PriceRenderer.Render(price), "price");
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        // "Returns a list of your active prices": active defaults to true; active=false lists the archived ones.
        var currency = p.String("currency") is { } raw ? Currencies.Normalize(raw) ?? raw.ToLowerInvariant() : null;
        var keys = p.Array("lookup_keys") is not null ? p.Strings("lookup_keys").ToList() : null;
        var recurring = p.Nested("recurring") is { } r ? new PriceRecurringFilter(r.String("interval"), r.String("usage_type"), r.String("meter")) : null;
        // Recorded against Stripe: an unknown product filter is refused, not an empty list.
        if (p.String("product") is { Length: > 0 } productId && await Reads(s).FindProductAsync(productId) is null)
            throw new StripeException(ErrorCatalog.NoSuchParam("product", productId, "product"));
        var (all, query) = Reads(s).ListPrices(new PriceListFilter(Pagination.Range(p.Values["created"]), p.Bool("active") ?? true,
            p.String("product"), p.String("type"), currency, keys, recurring));
        var page = await Pagination.PageAsync(all, query, p, "price");
        var list = Pagination.Envelope(page.Items.Select(PriceRenderer.Render), page.HasMore, "/v1/prices");
        await s.Expansions.ApplyToListAsync(s, list, "price", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }
}
